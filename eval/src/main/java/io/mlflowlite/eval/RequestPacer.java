package io.mlflowlite.eval;

import io.mlflowlite.time.TimeSource;
import java.time.Duration;

/**
 * Spaces calls to at most {@code perMinute} a minute: a token bucket (as the generic cell rate algorithm) holding
 * one second's worth of calls ({@code perMinute / 60}, at least one) and refilled continuously, so a burst of that
 * size goes at once and the rest follow every {@code 60 s / perMinute}. Each caller reserves the next slot and
 * sleeps until it on the {@link TimeSource} (a fake clock in tests). Thread-safe; {@link #acquire} blocks.
 */
final class RequestPacer {
    private final TimeSource time;
    private final long intervalNanos;
    private final long toleranceNanos;
    private long theoreticalArrival;
    private boolean started;

    RequestPacer(int perMinute, TimeSource time) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("requests per minute must be at least 1, was " + perMinute);
        }
        this.time = time;
        this.intervalNanos = Duration.ofMinutes(1).toNanos() / perMinute;
        long burst = Math.max(1, perMinute / 60);
        this.toleranceNanos = (burst - 1) * intervalNanos;
    }

    /** Waits for this caller's slot. */
    void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = time.nanoTime();
            if (!started) {
                theoreticalArrival = now;
                started = true;
            }
            long slot = Math.max(theoreticalArrival, now);
            wait = Math.max(0, slot - toleranceNanos - now);
            theoreticalArrival = slot + intervalNanos;
        }
        if (wait > 0) {
            time.sleep(Duration.ofNanos(wait));
        }
    }
}
