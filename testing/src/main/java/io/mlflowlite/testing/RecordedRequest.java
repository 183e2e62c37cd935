package io.mlflowlite.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as {@link MockLlmServer} received it. An immutable value, safe to share between threads.
 *
 * @param method the request method, for example {@code "POST"}
 * @param target the request target exactly as sent, path and query, for example {@code "/v1/models?limit=2"}
 * @param headers the header fields by lower-case name, each with its values in the order received; chunked
 *     framing is already removed from the body but {@code transfer-encoding} stays here as sent
 * @param body the body decoded as UTF-8 (after removing chunked framing); empty when there was none
 * @param sequenceOnConnection the zero-based position of this request on its connection: 0 on a fresh connection,
 *     1 for the next request on the same kept-alive connection, and so on
 */
public record RecordedRequest(
        String method, String target, Map<String, List<String>> headers, String body, int sequenceOnConnection) {

    /** Validates and copies; header names are lower-cased and merged, so lookups ignore case. */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
        Map<String, List<String>> byLowerName = new LinkedHashMap<>();
        Objects.requireNonNull(headers, "headers")
                .forEach((name, values) -> byLowerName
                        .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                        .addAll(values));
        byLowerName.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(byLowerName);
    }

    /** The path part of the {@linkplain #target() target}, without the query, still percent-encoded. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The first value of header {@code name}, matched ignoring case; empty if the request had no such header. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /**
     * The first value of query parameter {@code name}, percent-decoded as UTF-8 ({@code +} is a space); empty if
     * absent, {@code ""} for a parameter without {@code =}. Gemini's {@code ?key=...} is a typical use.
     */
    public Optional<String> queryParam(String name) {
        int start = target.indexOf('?');
        if (start < 0) {
            return Optional.empty();
        }
        for (String pair : target.substring(start + 1).split("&")) {
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (key.equals(name)) {
                return Optional.of(equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        return Optional.empty();
    }

    /**
     * The body parsed as JSON, for assertions such as {@code jsonBody().at("/model").asText()}. Parses on every
     * call.
     *
     * @throws IllegalStateException if the body is empty or not JSON; the message quotes the start of the body
     */
    public JsonNode jsonBody() {
        if (body.isBlank()) {
            throw new IllegalStateException("Expected a JSON body but " + method + " " + target + " had none");
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String start = body.length() > 200 ? body.substring(0, 200) + "..." : body;
            throw new IllegalStateException("Body of " + method + " " + target + " is not JSON: " + start, e);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
