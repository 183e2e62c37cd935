package io.mlflowlite.limits;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admitted call: its {@code x-ratelimit-*} headers, and the token and cost reservations to settle when it
 * ends. Call {@link #complete} exactly once when the call ended, whatever the outcome (later calls are ignored).
 * Thread-safe.
 */
public final class Admission {
    private final Limiter limiter;
    private final VirtualKey key;
    private final String endpoint;
    private final RateLimitHeaders headers;
    private final long reservedTokens;
    private final Window tokenWindow;
    private final Limiter.Reservation reservedSpend;
    private final AtomicBoolean completed = new AtomicBoolean();

    Admission(
            Limiter limiter,
            VirtualKey key,
            String endpoint,
            RateLimitHeaders headers,
            long reservedTokens,
            Window tokenWindow,
            Limiter.Reservation reservedSpend) {
        this.limiter = limiter;
        this.key = key;
        this.endpoint = endpoint;
        this.headers = headers;
        this.reservedTokens = reservedTokens;
        this.tokenWindow = tokenWindow;
        this.reservedSpend = reservedSpend;
    }

    /** The key the call was admitted for; empty for an endpoint-wide limit. */
    public Optional<VirtualKey> key() {
        return Optional.ofNullable(key);
    }

    /** The endpoint (or model) the call asked for. */
    public String endpoint() {
        return endpoint;
    }

    /** The rate-limit state after this call was counted. */
    public RateLimitHeaders headers() {
        return headers;
    }

    /** {@link #headers()} as response headers. */
    public Map<String, String> headerMap() {
        return headers.asMap();
    }

    /** Tokens reserved against the key's tpm at admission (the estimate); zero without a tpm limit. */
    public long reservedTokens() {
        return reservedTokens;
    }

    /**
     * Settles the call: replaces the token reservation with {@code actualTokens} (prompt + completion; zero when no
     * provider answered) in the minute it was reserved in, and the cost reservation with {@code costUsd} in the
     * budget window it was reserved in (without one, adds {@code costUsd} to the current window), sending the budget
     * webhook if this reaches the budget. Never throws and never blocks the caller on a remote
     * counter: that work runs in the background ({@link Limiter#awaitIdle} waits for it). Only the first call
     * counts.
     */
    public void complete(long actualTokens, BigDecimal costUsd) {
        if (completed.compareAndSet(false, true) && key != null) {
            limiter.settle(this, Math.max(0, actualTokens), costUsd == null ? BigDecimal.ZERO : costUsd);
        }
    }

    VirtualKey keyOrNull() {
        return key;
    }

    Window tokenWindow() {
        return tokenWindow;
    }

    Limiter.Reservation reservedSpend() {
        return reservedSpend;
    }
}
