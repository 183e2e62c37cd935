package io.mlflowlite.server.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.InvalidRequestException;

/**
 * Typed reads of a client's Messages request fields. A wrong value is an {@link InvalidRequestException} whose
 * param names the field ({@code messages[1].content[0].type}) and whose message says what was expected and what
 * came instead. JSON null counts as absent, as it does for the Messages API's optional fields. Stateless.
 */
final class IngressFields {
    private IngressFields() {}

    /** The field's value, or null when absent or JSON null. */
    static JsonNode optional(JsonNode parent, String name) {
        JsonNode value = parent.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** {@code parent.name}, which must be present and not null. */
    static JsonNode required(JsonNode parent, String name, String parentPath) {
        JsonNode value = optional(parent, name);
        if (value == null) {
            String param = parentPath == null ? name : parentPath + "." + name;
            throw new InvalidRequestException(param + ": Field required", param);
        }
        return value;
    }

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
        // 2.0 is a whole number to a JSON Schema validator, as it is to the API's
        boolean whole = node.isIntegralNumber()
                || node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0;
        if (!whole) {
            throw invalid(param, "an integer", node);
        }
        if (!node.canConvertToInt()) {
            // a whole number too large to hold: "expected an integer, got an integer" would help no one
            throw new InvalidRequestException(
                    param + ": " + node.asText() + " is out of range; it must be between " + Integer.MIN_VALUE + " and "
                            + Integer.MAX_VALUE,
                    param);
        }
        return node.asInt();
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

    static JsonNode object(JsonNode node, String param) {
        if (node == null || !node.isObject()) {
            throw invalid(param, "an object", node);
        }
        return node;
    }

    static JsonNode array(JsonNode node, String param) {
        if (node == null || !node.isArray()) {
            throw invalid(param, "an array", node);
        }
        return node;
    }

    static InvalidRequestException invalid(String param, String expected, JsonNode actual) {
        return new InvalidRequestException(param + ": expected " + expected + ", got " + describe(actual), param);
    }

    /** An error for a {@code type} value that is not one of {@code supported}. */
    static InvalidRequestException unsupportedType(String param, String type, String supported) {
        return new InvalidRequestException(
                param + ": type '" + type + "' is not supported here; mlflowlite accepts " + supported, param);
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
        return node.isArray() ? "an array" : "an object";
    }
}
