package io.mlflowlite.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The exchanges {@link HttpTransport} offers, one implementation per HTTP client. Thread-safe. */
interface Exchanges extends AutoCloseable {
    HttpReply postJson(String provider, URI uri, Map<String, String> headers, JsonNode body, Duration timeout);

    HttpReply get(String provider, URI uri, Map<String, String> headers, Duration timeout);

    SseConnection postSse(String provider, URI uri, Map<String, String> headers, JsonNode body, Duration timeout);

    @Override
    void close();
}
