package io.mlflowlite.store;

import io.mlflowlite.tracing.TraceSort;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of results ended: the last trace's sort key (cost or latency, for those orders), start time and
 * id. Opaque to callers: base64url of {@code v1:<start nanos>:<trace id>} for the newest-first order, or
 * {@code v2:<order>:<key>:<start nanos>:<trace id>} for the others; the next page continues strictly after it
 * in that order, so traces written meanwhile never shift a page by one (no duplicates, no gaps).
 *
 * @param key the last trace's cost (a decimal) or duration (nanoseconds) as text; empty for the time orders
 */
record PageToken(TraceSort sort, String key, long startNanos, String traceId) {
    private static final String V1 = "v1:";
    private static final String V2 = "v2:";

    PageToken(long startNanos, String traceId) {
        this(TraceSort.NEWEST, "", startNanos, traceId);
    }

    String encode() {
        String plain = sort == TraceSort.NEWEST
                ? V1 + startNanos + ":" + traceId
                : V2 + sort.name() + ":" + key + ":" + startNanos + ":" + traceId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a token made by {@link #encode()}; anything else is an {@link IllegalArgumentException}. */
    static PageToken decode(String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (plain.startsWith(V1)) {
                int colon = plain.indexOf(':', V1.length());
                if (colon > 0 && colon < plain.length() - 1) {
                    return new PageToken(
                            Long.parseLong(plain.substring(V1.length(), colon)), plain.substring(colon + 1));
                }
            } else if (plain.startsWith(V2)) {
                String[] parts = plain.substring(V2.length()).split(":", 4);
                if (parts.length == 4 && !parts[3].isEmpty()) {
                    TraceSort sort = TraceSort.valueOf(parts[0]);
                    if (!parts[1].isEmpty()) {
                        new java.math.BigDecimal(parts[1]); // a number, or the token was not ours
                    }
                    return new PageToken(sort, parts[1], Long.parseLong(parts[2]), parts[3]);
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message below; NumberFormatException is an IllegalArgumentException too
        }
        throw new IllegalArgumentException("Invalid page token '" + token + "': pass the nextPageToken of the "
                + "previous page of the same search");
    }
}
