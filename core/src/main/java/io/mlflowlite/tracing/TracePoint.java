package io.mlflowlite.tracing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * One trace reduced to what traffic charts need (requests, errors, latency, spend per model and endpoint), read
 * in bulk by {@link TraceStore#points}. Immutable.
 *
 * @param endpoint the gateway endpoint that served it, or null when unknown
 */
public record TracePoint(
        Instant start, Duration latency, TraceState state, String model, String endpoint, BigDecimal cost) {}
