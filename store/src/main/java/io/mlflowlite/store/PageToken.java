package io.mlflowlite.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of newest-first results ended: the last trace's start time and id. Opaque to callers (base64url
 * of {@code v1:<start nanos>:<trace id>}); the next page continues strictly after it in (start_time, trace_id)
 * order, so traces written meanwhile never shift a page by one (no duplicates, no gaps).
 */
record PageToken(long startNanos, String traceId) {
    private static final String VERSION = "v1:";

    String encode() {
        String plain = VERSION + startNanos + ":" + traceId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a token made by {@link #encode()}; anything else is an {@link IllegalArgumentException}. */
    static PageToken decode(String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (plain.startsWith(VERSION)) {
                int colon = plain.indexOf(':', VERSION.length());
                if (colon > 0 && colon < plain.length() - 1) {
                    return new PageToken(
                            Long.parseLong(plain.substring(VERSION.length(), colon)), plain.substring(colon + 1));
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message below; NumberFormatException is an IllegalArgumentException too
        }
        throw new IllegalArgumentException("Invalid page token '" + token + "': pass the nextPageToken of the "
                + "previous page of the same search");
    }
}
