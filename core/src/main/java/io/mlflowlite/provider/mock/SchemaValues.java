package io.mlflowlite.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds a JSON value that satisfies a JSON Schema: the subset models are given in practice (types,
 * properties and required, enum and const, items with min/max items, numeric bounds, string lengths and
 * common formats, anyOf/oneOf/allOf and local {@code $ref}s). What goes into each slot comes from a
 * {@link Fill}, so tool arguments and structured answers share one walker. Not thread-safe: one per value.
 */
final class SchemaValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 12;

    private final JsonNode root;
    private final Fill fill;

    /** What goes into the slots of a schema, by property name. */
    abstract static class Fill {
        /** Text for a string property. */
        abstract String string(String property);

        /** A number for a numeric property, or null to use the schema's bounds. */
        abstract Double number(String property, JsonNode schema);

        /** Whether to fill an optional property. */
        abstract boolean wantsOptional(String property, JsonNode schema);

        /** One of {@code values} for an enum property; by default the first one the evidence mentions. */
        JsonNode choose(String property, List<JsonNode> values) {
            String evidence = evidence().toLowerCase(Locale.ROOT);
            for (JsonNode value : values) {
                if (value.isTextual()
                        && !value.asText().isEmpty()
                        && evidence.contains(value.asText().toLowerCase(Locale.ROOT))) {
                    return value;
                }
            }
            return values.get(0);
        }

        /** The text enum values are looked up in. */
        abstract String evidence();
    }

    private SchemaValues(JsonNode root, Fill fill) {
        this.root = root;
        this.fill = fill;
    }

    /** A value satisfying {@code schema}; an empty object when the schema is absent. */
    static JsonNode instance(JsonNode schema, Fill fill) {
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            return NODES.objectNode();
        }
        return new SchemaValues(schema, fill).value("value", schema, 0);
    }

    private JsonNode value(String property, JsonNode schema, int depth) {
        schema = resolve(schema);
        if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
            return NODES.textNode(fill.string(property));
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            return fill.choose(property, values);
        }
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            JsonNode branches = schema.path(combinator);
            if (branches.isArray() && !branches.isEmpty()) {
                return value(property, firstNonNull(branches), depth + 1);
            }
        }
        return switch (type(schema)) {
            case "object" -> object(schema, depth);
            case "array" -> array(property, schema, depth);
            case "integer" -> integer(property, schema);
            case "number" -> number(property, schema);
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> string(property, schema);
        };
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        JsonNode properties = schema.path("properties");
        for (var entry : properties.properties()) {
            String name = entry.getKey();
            if (required.contains(name) || fill.wantsOptional(name, resolve(entry.getValue()))) {
                object.set(name, value(name, entry.getValue(), depth + 1));
            }
        }
        for (String name : required) {
            if (!object.has(name)) {
                object.set(name, NODES.textNode(fill.string(name))); // required but not described
            }
        }
        return object;
    }

    private ArrayNode array(String property, JsonNode schema, int depth) {
        ArrayNode array = NODES.arrayNode();
        int count = Math.max(1, schema.path("minItems").asInt(1));
        if (schema.has("maxItems")) {
            count = Math.min(count, schema.get("maxItems").asInt());
        }
        JsonNode items = schema.path("items");
        for (int i = 0; i < count; i++) {
            array.add(items.isObject() ? value(property, items, depth + 1) : NODES.textNode(fill.string(property)));
        }
        return array;
    }

    private JsonNode integer(String property, JsonNode schema) {
        Double found = fill.number(property, schema);
        double value = found != null ? Math.rint(found) : Math.ceil(fallback(schema));
        return NODES.numberNode((long) clamp(value, schema, true));
    }

    private JsonNode number(String property, JsonNode schema) {
        Double found = fill.number(property, schema);
        double value = clamp(found != null ? found : fallback(schema), schema, false);
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? NODES.numberNode((long) value)
                : NODES.numberNode(value);
    }

    private JsonNode string(String property, JsonNode schema) {
        String text = switch (schema.path("format").asText("")) {
            case "date" -> "2025-01-01";
            case "date-time" -> "2025-01-01T00:00:00Z";
            case "time" -> "12:00:00";
            case "email" -> "user@example.com";
            case "uri", "url" -> "https://example.com/";
            case "uuid" -> "00000000-0000-4000-8000-000000000000";
            default -> fill.string(property);
        };
        int min = schema.path("minLength").asInt(0);
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < min) {
            padded.append('.');
        }
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        return NODES.textNode(padded.length() > max ? padded.substring(0, max) : padded.toString());
    }

    /** Whether {@code value} lies within the schema's bounds, so a number found in text may go there. */
    static boolean fits(double value, JsonNode schema) {
        return !(schema.path("minimum").isNumber()
                        && value < schema.get("minimum").asDouble()
                || schema.path("maximum").isNumber()
                        && value > schema.get("maximum").asDouble()
                || schema.path("exclusiveMinimum").isNumber()
                        && value <= schema.get("exclusiveMinimum").asDouble()
                || schema.path("exclusiveMaximum").isNumber()
                        && value >= schema.get("exclusiveMaximum").asDouble());
    }

    /** The middle of the allowed range when both ends are given, else the one end, else 0. */
    private static double fallback(JsonNode schema) {
        JsonNode min = bound(schema, "minimum", "exclusiveMinimum");
        JsonNode max = bound(schema, "maximum", "exclusiveMaximum");
        if (min != null && max != null) {
            return (min.asDouble() + max.asDouble()) / 2;
        }
        return min != null ? min.asDouble() : max != null ? Math.min(0, max.asDouble()) : 0;
    }

    private static double clamp(double value, JsonNode schema, boolean integer) {
        double step = integer ? 1 : 1e-6;
        if (schema.path("minimum").isNumber())
            value = Math.max(value, schema.get("minimum").asDouble());
        if (schema.path("maximum").isNumber())
            value = Math.min(value, schema.get("maximum").asDouble());
        if (schema.path("exclusiveMinimum").isNumber()) {
            value = Math.max(value, schema.get("exclusiveMinimum").asDouble() + step);
        }
        if (schema.path("exclusiveMaximum").isNumber()) {
            value = Math.min(value, schema.get("exclusiveMaximum").asDouble() - step);
        }
        return integer ? Math.ceil(value - 1e-9) : value;
    }

    private static JsonNode bound(JsonNode schema, String inclusive, String exclusive) {
        return schema.path(inclusive).isNumber()
                ? schema.get(inclusive)
                : schema.path(exclusive).isNumber() ? schema.get(exclusive) : null;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "null";
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    private static JsonNode firstNonNull(JsonNode branches) {
        for (JsonNode branch : branches) {
            if (!"null".equals(branch.path("type").asText())) {
                return branch;
            }
        }
        return branches.get(0);
    }

    /** Follows a local {@code $ref} ({@code #/$defs/X}, {@code #/definitions/X}); other refs stay unresolved. */
    private JsonNode resolve(JsonNode schema) {
        for (int hops = 0; schema != null && schema.has("$ref") && hops < MAX_DEPTH; hops++) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#")) {
                return null;
            }
            JsonNode target = root.at(ref.substring(1));
            schema = target.isMissingNode() ? null : target;
        }
        return schema;
    }
}
