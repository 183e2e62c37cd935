package io.mlflowlite.testing;

import java.net.ProtocolException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Request line and header fields of one HTTP/1.x request, before its body is read. */
record RequestHead(String method, String target, String version, Map<String, List<String>> headers) {

    /** Header fields must be keyed by lower-case name. */
    RequestHead {
        headers = Map.copyOf(headers);
    }

    /** The first value of the lower-case header {@code name}, or {@code ""} when absent. */
    String first(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    boolean isChunked() {
        return headers.getOrDefault("transfer-encoding", List.of()).stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("chunked"));
    }

    /** The declared body length; 0 when there is no {@code Content-Length}. */
    long contentLength() throws ProtocolException {
        String value = first("content-length");
        if (value.isEmpty()) {
            return 0;
        }
        try {
            long length = Long.parseLong(value.trim());
            if (length < 0) {
                throw new ProtocolException("negative Content-Length: " + value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new ProtocolException("malformed Content-Length: " + value);
        }
    }

    boolean expectsContinue() {
        return "HTTP/1.1".equals(version) && "100-continue".equalsIgnoreCase(first("expect"));
    }

    /**
     * Whether the client asked to close after this exchange. {@code Connection: Upgrade, HTTP2-Settings} (the JDK
     * client's h2c offer) does not: the offer is ignored and the connection stays HTTP/1.1 and alive.
     */
    boolean wantsClose() {
        String connection = first("connection").toLowerCase(Locale.ROOT);
        return connection.contains("close") || "HTTP/1.0".equals(version) && !connection.contains("keep-alive");
    }
}
