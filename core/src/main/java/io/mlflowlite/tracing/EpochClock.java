package io.mlflowlite.tracing;

import java.time.Instant;

/** Unix epoch nanoseconds with nanoTime precision: wall-clock anchored once, monotonic after. */
final class EpochClock {
    private static final long BASE_EPOCH_NANOS = TraceJson.epochNanos(Instant.now());
    private static final long BASE_NANO_TIME = System.nanoTime();

    private EpochClock() {}

    static long now() {
        return BASE_EPOCH_NANOS + (System.nanoTime() - BASE_NANO_TIME);
    }
}
