package io.mlflowlite.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Requests the tests send, shaped like an LLM API call. */
final class Requests {

    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    private Requests() {}

    static HttpRequest.Builder post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(CLIENT_TIMEOUT)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** Reads up to and including the first blank line, byte by byte, so nothing beyond it is waited for. */
    static String readEvent(InputStream in) throws IOException {
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        while (!event.toString(StandardCharsets.UTF_8).endsWith("\n\n")) {
            int b = in.read();
            if (b == -1) {
                break;
            }
            event.write(b);
        }
        return event.toString(StandardCharsets.UTF_8);
    }
}
