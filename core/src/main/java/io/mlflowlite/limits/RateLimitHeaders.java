package io.mlflowlite.limits;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code x-ratelimit-*} response headers, named and formatted as OpenAI sends them, so clients and SDKs that
 * read OpenAI's headers read ours: {@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-requests},
 * {@code x-ratelimit-reset-requests} and the {@code -tokens} variants. A kind of limit the key does not have is
 * left out.
 *
 * @param requests the key's requests-per-minute quota after this request; empty when it has no rpm limit
 * @param tokens   the key's tokens-per-minute quota after this request's reservation; empty without a tpm limit
 */
public record RateLimitHeaders(Optional<Quota> requests, Optional<Quota> tokens) {
    /** No limits, no headers. */
    public static final RateLimitHeaders NONE = new RateLimitHeaders(Optional.empty(), Optional.empty());

    /**
     * One limit's state.
     *
     * @param limit     the limit per window
     * @param remaining what is left in this window, never negative
     * @param reset     time until the window starts again from zero
     */
    public record Quota(long limit, long remaining, Duration reset) {}

    /**
     * The headers by name, in OpenAI's order: limit, remaining, reset; requests before tokens. Values are decimal
     * integers, and for resets a duration like {@code 12ms}, {@code 1.5s} or {@code 6m0s} (OpenAI's format).
     */
    public Map<String, String> asMap() {
        if (requests.isEmpty() && tokens.isEmpty()) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        requests.ifPresent(q -> headers.put("x-ratelimit-limit-requests", Long.toString(q.limit())));
        tokens.ifPresent(q -> headers.put("x-ratelimit-limit-tokens", Long.toString(q.limit())));
        requests.ifPresent(q -> headers.put("x-ratelimit-remaining-requests", Long.toString(q.remaining())));
        tokens.ifPresent(q -> headers.put("x-ratelimit-remaining-tokens", Long.toString(q.remaining())));
        requests.ifPresent(q -> headers.put("x-ratelimit-reset-requests", formatReset(q.reset())));
        tokens.ifPresent(q -> headers.put("x-ratelimit-reset-tokens", formatReset(q.reset())));
        return Collections.unmodifiableMap(headers);
    }

    /**
     * {@code duration} as OpenAI writes resets (Go's duration format): {@code 0s}, {@code 12ms} below a second,
     * then {@code 1.5s}, {@code 6m0s}, {@code 1h2m3s}. Rounded up to the millisecond, so a client that waits this
     * long finds the window reset.
     */
    public static String formatReset(Duration duration) {
        long millis = duration.isNegative() ? 0 : duration.plusNanos(999_999).toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        StringBuilder text = new StringBuilder();
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            text.append(minutes).append('m');
        }
        long secondMillis = millis % 60_000;
        text.append(secondMillis / 1000);
        if (secondMillis % 1000 != 0) {
            String fraction = String.format("%03d", secondMillis % 1000).replaceAll("0+$", "");
            text.append('.').append(fraction);
        }
        return text.append('s').toString();
    }
}
