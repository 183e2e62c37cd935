package io.mlflowlite.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.internal.json.Json;
import java.net.http.HttpHeaders;

/** A complete 2xx response: status, headers and body text. */
public record HttpReply(int status, HttpHeaders headers, String body) {
    /** The body as JSON; invalid JSON is a {@link io.mlflowlite.MalformedResponseException}. */
    public JsonNode json(String source) {
        return Json.parse(body, source);
    }
}
