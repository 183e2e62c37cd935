package io.mlflowlite.server;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The {@code x-request-id} of a request: the client's when it sent a sane one, else a new one: {@code req_} and 24
 * hex digits, the Unix time in milliseconds (12) then 48 random bits. Time first because the id is a trace tag,
 * and the store's index on tag values then grows at its end rather than at a random page per request.
 */
final class RequestIds {
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

    private RequestIds() {}

    static String of(Exchange exchange) {
        return exchange.header("x-request-id")
                .filter(id -> SANE.matcher(id).matches())
                .orElseGet(RequestIds::next);
    }

    static String next() {
        long random = ThreadLocalRandom.current().nextLong();
        return "req_" + HEX.toHexDigits(System.currentTimeMillis(), 12) + HEX.toHexDigits(random, 12);
    }
}
