package io.mlflowlite.otel;

/**
 * What an {@link OtlpExporter} has done since it started. A snapshot: each counter is read atomically, the
 * set is not (a concurrent export may show in one counter and not yet in another).
 *
 * @param exportedTraces traces the collector accepted
 * @param exportedSpans  spans the collector accepted (sent minus those it reported rejected)
 * @param failedTraces   traces given up on: a non-retryable answer, retries exhausted, or ids that are not hex
 * @param droppedTraces  traces never sent because the queue was full, or the exporter closed before them
 * @param rejectedSpans  spans a collector answered 2xx for but reported as rejected (OTLP partial success)
 * @param retries        requests sent again after a 429, 502, 503, 504 or a connection failure
 * @param queuedTraces   traces waiting to be sent now
 */
public record OtlpStats(
        long exportedTraces,
        long exportedSpans,
        long failedTraces,
        long droppedTraces,
        long rejectedSpans,
        long retries,
        int queuedTraces) {}
