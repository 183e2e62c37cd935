package io.mlflowlite.otel;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retry number {@code attempt + 1}: the collector's {@code Retry-After} when it sent
 * one, else {@code initial × 2^attempt} with jitter (a uniform pick in its upper half, so exporters that failed
 * together do not retry together); both capped at {@code max}. Thread-safe.
 */
record Backoff(Duration initial, Duration max, RandomGenerator random) {

    Duration delay(int attempt, Optional<Duration> retryAfter) {
        long maxNanos = max.toNanos();
        if (retryAfter.isPresent()) {
            // Capped so a collector asking for an hour cannot stall every trace behind it for an hour.
            return Duration.ofNanos(Math.min(retryAfter.get().toNanos(), maxNanos));
        }
        long base = initial.toNanos();
        long exponential = attempt < 62 && base <= (maxNanos >> attempt) ? base << attempt : maxNanos;
        long half = exponential / 2;
        return Duration.ofNanos(half + random.nextLong(exponential - half + 1));
    }
}
