package io.mlflowlite.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A complete 2xx response: status, headers and body. The body may be kept as the bytes received, so
 * {@link #json} parses them as they came (no text in between) and {@link #body()} decodes them only when asked;
 * headers may likewise be built only when asked. Not thread-safe (a reply belongs to the call that got it).
 */
public final class HttpReply {
    private final int status;
    private final Supplier<HttpHeaders> headerSource;
    private final byte[] bytes;
    private HttpHeaders headers;
    private String text;

    public HttpReply(int status, HttpHeaders headers, String body) {
        this.status = status;
        this.headers = headers;
        this.headerSource = null;
        this.text = body;
        this.bytes = null;
    }

    /** A reply whose UTF-8 {@code body} and {@code headers} are turned into text and maps when first asked for. */
    HttpReply(int status, Supplier<HttpHeaders> headers, byte[] body) {
        this.status = status;
        this.headerSource = headers;
        this.bytes = body;
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        if (headers == null) {
            headers = headerSource.get();
        }
        return headers;
    }

    /** The body as text (UTF-8). */
    public String body() {
        if (text == null) {
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        return text;
    }

    /** The body as JSON; invalid JSON is a {@link io.mlflowlite.error.MalformedResponseException}. */
    public JsonNode json(String source) {
        return bytes != null ? Json.parse(bytes, source) : Json.parse(text, source);
    }
}
