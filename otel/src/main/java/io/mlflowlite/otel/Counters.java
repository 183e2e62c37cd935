package io.mlflowlite.otel;

import java.util.concurrent.atomic.AtomicLong;

/** The exporter's counters, shared by its worker and {@code exportNow} callers. Thread-safe. */
final class Counters {
    final AtomicLong exportedTraces = new AtomicLong();
    final AtomicLong exportedSpans = new AtomicLong();
    final AtomicLong failedTraces = new AtomicLong();
    final AtomicLong droppedTraces = new AtomicLong();
    final AtomicLong rejectedSpans = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong failedRequests = new AtomicLong();

    OtlpStats snapshot(int queued) {
        return new OtlpStats(
                exportedTraces.get(),
                exportedSpans.get(),
                failedTraces.get(),
                droppedTraces.get(),
                rejectedSpans.get(),
                retries.get(),
                queued);
    }
}
