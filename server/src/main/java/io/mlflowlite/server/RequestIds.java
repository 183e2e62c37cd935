package io.mlflowlite.server;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The {@code x-request-id} of a request: the client's when it sent a sane one, else a new random one. */
final class RequestIds {
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

    private RequestIds() {
    }

    static String of(Exchange exchange) {
        return exchange.header("x-request-id").filter(id -> SANE.matcher(id).matches()).orElseGet(RequestIds::next);
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextInt());
    }
}
