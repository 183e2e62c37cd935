package io.mlflowlite.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.error.MalformedResponseException;

/**
 * The one shared {@link ObjectMapper} and small tree helpers that every mlflowlite module reads and writes JSON
 * with. Thread-safe; nothing here blocks. Do not reconfigure {@link #MAPPER}: it is shared by the whole process.
 */
public final class Json {
    /** Ignores unknown fields and reads decimals as {@link java.math.BigDecimal}, so prices stay exact. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Json() {}

    /** A new empty object node whose decimals stay exact. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A new empty array node whose decimals stay exact. */
    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Parses a provider's body; invalid JSON becomes a {@link MalformedResponseException} naming the source. */
    public static JsonNode parse(String text, String source) {
        try {
            return present(MAPPER.readTree(text), source);
        } catch (JsonProcessingException | NumberFormatException e) {
            // NumberFormatException: a number no BigDecimal holds (an exponent past int), which Jackson does not wrap
            throw new MalformedResponseException(source + " sent invalid JSON: " + abbreviate(text), e);
        }
    }

    private static JsonNode present(JsonNode node, String source) {
        if (node == null || node.isMissingNode()) {
            throw new MalformedResponseException(source + " sent an empty body where JSON was expected");
        }
        return node;
    }

    /** Like {@link #parse(String, String)}, for a body received as UTF-8 bytes (parsed as they are). */
    public static JsonNode parse(byte[] utf8, String source) {
        try {
            return present(MAPPER.readTree(utf8), source);
        } catch (java.io.IOException | NumberFormatException e) {
            // reading an array fails only on its content: invalid JSON, bytes taken for UTF-32 that are no
            // characters (CharConversionException), a number no BigDecimal holds
            throw new MalformedResponseException(
                    source + " sent invalid JSON: "
                            + abbreviate(new String(utf8, java.nio.charset.StandardCharsets.UTF_8)),
                    e);
        }
    }

    /** Parses JSON text the caller supplied (requests, config); invalid JSON is an IllegalArgumentException. */
    public static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Converts a value (Map, List, record, JsonNode …) to a tree. */
    public static JsonNode tree(Object value) {
        return value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
    }

    /** The text of {@code node.field}, or null when absent or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The int at {@code pointer} (such as {@code /usage/prompt_tokens}), or 0 when absent. */
    public static int intAt(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        return value.isMissingNode() || value.isNull() ? 0 : value.asInt();
    }

    /** {@code text} cut to 200 characters for an error message ({@code <null>} for null). */
    public static String abbreviate(String text) {
        if (text == null) {
            return "<null>";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
