package io.mlflowlite.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock the pipeline reads and sleeps on. {@link #SYSTEM} in production; tests pass a fake one so retry
 * delays, deadlines and circuit-breaker cooldowns can be checked without waiting.
 */
public interface TimeSource {
    /** Monotonic nanoseconds, like {@link System#nanoTime()}. */
    long nanoTime();

    /** Wall-clock time, for timestamps. */
    Instant now();

    /** Sleeps {@code duration}; throws {@link InterruptedException} if interrupted. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real clock. */
    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (duration.isPositive()) {
                Thread.sleep(duration);
            }
        }
    };
}
