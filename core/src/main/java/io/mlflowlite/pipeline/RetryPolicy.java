package io.mlflowlite.pipeline;

import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.error.RateLimitedException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When and how long to wait before retrying: exponential backoff with full jitter (a uniform wait between
 * zero and the exponential cap, which spreads retries of many clients), except that a provider's
 * {@code Retry-After} is honoured when it is within {@link #maxRetryAfter}. Only retryable failures are
 * retried (429, 408, 409, 5xx, connection failures, timeouts), never 400/401/403/404.
 *
 * @param maxRetries     retries per model after the first attempt
 * @param initialBackoff the cap of the first wait
 * @param maxBackoff     the largest cap
 * @param maxRetryAfter  a longer {@code Retry-After} is not waited for; backoff applies instead
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
    }

    public RetryPolicy withMaxRetries(int retries) {
        return new RetryPolicy(retries, initialBackoff, maxBackoff, maxRetryAfter);
    }

    /** Whether {@code failure} is worth another attempt at the same deployment. */
    public boolean shouldRetry(MlflowliteException failure) {
        return failure.retryable();
    }

    /** The wait before retry number {@code retry} (1-based) after {@code failure}. */
    public Duration backoff(int retry, MlflowliteException failure, RandomGenerator random) {
        if (failure instanceof RateLimitedException limited
                && limited.retryAfter().isPresent()) {
            Duration asked = limited.retryAfter().get();
            if (!asked.isNegative() && asked.compareTo(maxRetryAfter) <= 0) {
                return asked;
            }
        }
        long cap = initialBackoff.toNanos() << Math.min(retry - 1, 30);
        cap = Math.min(cap <= 0 ? Long.MAX_VALUE : cap, maxBackoff.toNanos());
        return Duration.ofNanos(cap <= 0 ? 0 : random.nextLong(cap + 1));
    }
}
