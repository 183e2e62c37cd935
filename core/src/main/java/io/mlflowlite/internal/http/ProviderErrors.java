package io.mlflowlite.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.json.Json;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns a provider's non-2xx answer into a {@link ProviderException}, keeping its status, type, code and
 * message. Understands the error bodies of OpenAI ({@code {"error":{"message","type","code"}}}), Anthropic
 * ({@code {"type":"error","error":{"type","message"}}}) and Gemini ({@code {"error":{"code","message","status"}}});
 * anything else keeps the start of the body as the message.
 */
public final class ProviderErrors {
    private ProviderErrors() {}

    public static ProviderException fromResponse(String provider, int status, HttpHeaders headers, String body) {
        String type = null;
        String code = null;
        String message = null;
        Duration retryDelay = null;
        try {
            JsonNode root = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
            JsonNode error = root == null
                    ? null
                    : root.isArray() && !root.isEmpty() ? root.get(0).get("error") : root.get("error");
            if (error != null && error.isObject()) {
                message = Json.text(error, "message");
                type = Json.text(error, "type");
                if (type == null) {
                    type = Json.text(error, "status");
                }
                code = Json.text(error, "code");
                retryDelay = googleRetryDelay(error);
            } else if (error != null && error.isTextual()) {
                message = error.asText();
            } else if (root != null && root.has("message")) {
                message = Json.text(root, "message");
                type = Json.text(root, "type");
            }
        } catch (JsonProcessingException | NumberFormatException notJson) {
            // a proxy's HTML page or plain text (or a number no BigDecimal holds): keep it as the message
        }
        if (message == null) {
            message = body == null || body.isBlank() ? "(empty body)" : Json.abbreviate(body.strip());
        }
        if (status == 429) {
            // the header wins; Gemini sends none and puts its wait in a google.rpc.RetryInfo detail instead
            return new RateLimitedException(
                    provider, type, code, message, retryAfter(headers).orElse(retryDelay));
        }
        return new ProviderException(provider, status, type, code, message, ProviderException.retryableStatus(status));
    }

    /**
     * The {@code retryDelay} of a {@code google.rpc.RetryInfo} entry in {@code error.details} (Google APIs),
     * a protobuf Duration such as {@code "12s"} or {@code "29.083414095s"}; null when absent or unreadable.
     */
    static Duration googleRetryDelay(JsonNode error) {
        JsonNode details = error.get("details");
        if (details == null || !details.isArray()) {
            return null;
        }
        for (JsonNode detail : details) {
            String type = Json.text(detail, "@type");
            String delay = Json.text(detail, "retryDelay");
            if (type != null && type.endsWith("google.rpc.RetryInfo") && delay != null && delay.endsWith("s")) {
                try {
                    double seconds = Double.parseDouble(delay.substring(0, delay.length() - 1));
                    return seconds < 0 ? null : Duration.ofNanos((long) (seconds * 1_000_000_000L));
                } catch (NumberFormatException unreadable) {
                    return null;
                }
            }
        }
        return null;
    }

    /** {@code retry-after-ms} (OpenAI) or {@code retry-after} in seconds or as an HTTP date. */
    public static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(
                        Duration.ofMillis((long) Double.parseDouble(millis.get().trim())));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        Optional<String> value = headers.firstValue("retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().trim();
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(text) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
