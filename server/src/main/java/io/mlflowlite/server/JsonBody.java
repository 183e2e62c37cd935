package io.mlflowlite.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads a request body as one JSON object, refusing what is not: another media type (415), more than the size
 * limit (413, decided from {@code Content-Length} before reading when the client declared it), malformed JSON
 * (400 saying where it broke), an empty body or a JSON value that is not an object (400). Thread-safe.
 */
final class JsonBody {
    private static final ObjectReader READER =
            Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final long maxBytes;

    JsonBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    JsonNode read(Exchange exchange) {
        checkMediaType(exchange);
        byte[] bytes = bytes(exchange);
        if (bytes.length == 0) {
            throw new ApiException(ApiError.invalidRequest(
                    "The request body is empty; send a JSON object with Content-Type: application/json.", null));
        }
        JsonNode node;
        try {
            node = READER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiError.invalidRequest(
                    "The request body is not valid JSON" + where(e) + ": " + e.getOriginalMessage(), null));
        } catch (NumberFormatException e) {
            // a number no BigDecimal holds (an exponent past int, such as 1e9999999999): Jackson does not wrap it
            throw new ApiException(
                    ApiError.invalidRequest("The request body holds a number out of range: " + e.getMessage(), null));
        } catch (IOException e) {
            // from an array only the content can fail: bytes Jackson took for UTF-32 that are no characters
            // (java.io.CharConversionException), which is the client's request, not a server failure
            throw new ApiException(
                    ApiError.invalidRequest("The request body is not valid JSON in UTF-8: " + e.getMessage(), null));
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(ApiError.invalidRequest(
                    "The request body must be a JSON object, not "
                            + (node == null
                                    ? "nothing"
                                    : node.getNodeType().name().toLowerCase(Locale.ROOT)) + ".",
                    null));
        }
        return node;
    }

    private static void checkMediaType(Exchange exchange) {
        String type = exchange.header("content-type").orElse(null);
        if (type == null) {
            return; // lenient, like OpenAI: a body without a declared type is read as JSON
        }
        String essence = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!essence.equals("application/json") && !essence.endsWith("+json")) {
            throw new ApiException(ApiError.of(
                    415,
                    "invalid_request_error",
                    "unsupported_media_type",
                    "Unsupported Content-Type '" + type + "': send the body as application/json."));
        }
    }

    private byte[] bytes(Exchange exchange) {
        OptionalLong declared = exchange.contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge(declared.getAsLong() + " bytes");
        }
        try (InputStream in = exchange.body()) {
            if (declared.isPresent()) {
                // the usual case: read into an array of the declared size instead of readNBytes' 16 KiB buffers
                byte[] bytes = new byte[(int) declared.getAsLong()];
                int read = in.readNBytes(bytes, 0, bytes.length);
                if (read < bytes.length) {
                    return java.util.Arrays.copyOf(bytes, read);
                }
                if (in.read() >= 0) {
                    throw tooLarge("more than the declared " + bytes.length + " bytes");
                }
                return bytes;
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge("more than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the request body failed", e);
        }
    }

    /** {@code node} as UTF-8 JSON, written straight to bytes (no String in between). */
    static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree built from our own values always writes
        }
    }

    private ApiException tooLarge(String size) {
        return new ApiException(ApiError.of(
                        413,
                        "invalid_request_error",
                        "request_too_large",
                        "The request body (" + size + ") is over this server's limit of " + maxBytes + " bytes.")
                // the rest of the body is not worth reading: end the connection after answering
                .withHeader("connection", "close"));
    }

    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 0) {
            return "";
        }
        return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
