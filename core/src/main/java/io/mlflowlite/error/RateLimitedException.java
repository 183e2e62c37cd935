package io.mlflowlite.error;

import java.time.Duration;
import java.util.Optional;

/** HTTP 429: the provider (or the gateway's own limit) asks to slow down, for {@link #retryAfter()} if it said. */
public final class RateLimitedException extends ProviderException {
    private final Duration retryAfter;

    public RateLimitedException(
            String provider, String type, String code, String providerMessage, Duration retryAfter) {
        super(provider, 429, type, code, providerMessage, true);
        this.retryAfter = retryAfter;
    }

    /** How long the provider asked to wait, from {@code retry-after-ms} or {@code Retry-After}. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
