package io.mlflowlite.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.InvalidRequestException;

/**
 * Typed reads of request fields that fail with an {@link InvalidRequestException} naming the field
 * ({@code messages[2].content}) and saying what was expected and what came instead, in OpenAI's own wording.
 */
final class Fields {
    private Fields() {}

    static String string(JsonNode node, String param) {
        if (!node.isTextual()) {
            throw invalid(param, "a string", node);
        }
        return node.asText();
    }

    /** The string, or null when {@code node} is null (absent). */
    static String optString(JsonNode node, String param) {
        return node == null ? null : string(node, param);
    }

    static Double number(JsonNode node, String param) {
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            throw invalid(param, "a number", node);
        }
        return node.asDouble();
    }

    static Integer integer(JsonNode node, String param) {
        if (node == null) {
            return null;
        }
        if (!isWhole(node)) {
            throw invalid(param, "an integer", node);
        }
        if (!node.canConvertToInt()) {
            throw outOfRange(param, node, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        return node.asInt();
    }

    static Long longValue(JsonNode node, String param) {
        if (node == null) {
            return null;
        }
        if (!isWhole(node)) {
            throw invalid(param, "an integer", node);
        }
        if (!node.canConvertToLong()) {
            throw outOfRange(param, node, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        return node.asLong();
    }

    static Boolean bool(JsonNode node, String param) {
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw invalid(param, "a boolean", node);
        }
        return node.asBoolean();
    }

    static void requireObject(JsonNode node, String param) {
        if (node == null || !node.isObject()) {
            throw invalid(param, "an object", node);
        }
    }

    /** {@code parent.name}, which must be present and not null. */
    static JsonNode required(JsonNode parent, String name, String parentPath) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            String param = parentPath + "." + name;
            throw new InvalidRequestException("Missing required parameter: '" + param + "'.", param);
        }
        return value;
    }

    /** A whole number too large (or small) to hold: saying "expected an integer, but got an integer" helps no one. */
    private static InvalidRequestException outOfRange(String param, JsonNode actual, long min, long max) {
        return new InvalidRequestException(
                "Invalid value for '" + param + "': " + actual.asText() + " is out of range; it must be between " + min
                        + " and " + max + ".",
                param);
    }

    static InvalidRequestException invalid(String param, String expected, JsonNode actual) {
        return new InvalidRequestException(
                "Invalid type for '" + param + "': expected " + expected + ", but got " + describe(actual)
                        + " instead.",
                param);
    }

    // 2.0 is a whole number to OpenAI's validator, as it is to JSON Schema's "integer"
    private static boolean isWhole(JsonNode node) {
        return node.isIntegralNumber()
                || node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a decimal";
        }
        if (node.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
