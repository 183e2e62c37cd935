package io.mlflowlite.limits;

/**
 * What a {@link Limiter} has had to put up with since it started, for metrics and health.
 *
 * @param counterFailures calls to the usage counter that failed (admission and recording)
 * @param alertsSent      budget webhooks answered with a 2xx
 * @param alertFailures   budget webhooks that failed (no connection, timeout, non-2xx)
 */
public record LimiterStats(long counterFailures, long alertsSent, long alertFailures) {}
