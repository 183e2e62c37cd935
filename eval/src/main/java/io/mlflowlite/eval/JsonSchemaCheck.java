package io.mlflowlite.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON Schema validator for the keywords output schemas use (draft 2020-12 semantics): {@code type},
 * {@code enum}, {@code const}, {@code properties}, {@code required}, {@code additionalProperties},
 * {@code minProperties}/{@code maxProperties}, {@code items}, {@code minItems}/{@code maxItems},
 * {@code uniqueItems}, {@code minLength}/{@code maxLength}, {@code pattern}, {@code minimum}/{@code maximum},
 * {@code exclusiveMinimum}/{@code exclusiveMaximum}, {@code multipleOf}, {@code allOf}/{@code anyOf}/{@code oneOf}/
 * {@code not}, and local {@code $ref}s ({@code #/$defs/...}). Annotations ({@code title}, {@code description},
 * {@code format} …) are ignored; any other keyword is refused when the schema is given, so a schema is never
 * silently checked only in part. Immutable, thread-safe.
 */
final class JsonSchemaCheck {
    private static final Set<String> ASSERTIONS = Set.of(
            "type",
            "enum",
            "const",
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minLength",
            "maxLength",
            "pattern",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "allOf",
            "anyOf",
            "oneOf",
            "not",
            "$ref");
    private static final Set<String> ANNOTATIONS = Set.of(
            "$schema",
            "$id",
            "$comment",
            "$defs",
            "definitions",
            "title",
            "description",
            "default",
            "examples",
            "format",
            "deprecated",
            "readOnly",
            "writeOnly",
            "contentMediaType",
            "contentEncoding");
    private static final int MAX_REF_DEPTH = 64;

    private final JsonNode root;

    JsonSchemaCheck(JsonNode schema) {
        if (schema == null || !(schema.isObject() || schema.isBoolean())) {
            throw new IllegalArgumentException("a JSON Schema is an object (or true/false)");
        }
        this.root = schema;
        checkKeywords(schema, "#");
    }

    private static void checkKeywords(JsonNode schema, String at) {
        if (!schema.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (!ASSERTIONS.contains(key) && !ANNOTATIONS.contains(key)) {
                throw new IllegalArgumentException("JSON Schema keyword '" + key + "' at " + at
                        + " is not supported by " + "matchesJsonSchema; supported: "
                        + String.join(", ", new java.util.TreeSet<>(ASSERTIONS)));
            }
            switch (key) {
                case "properties", "$defs", "definitions" ->
                    e.getValue()
                            .fields()
                            .forEachRemaining(p -> checkKeywords(p.getValue(), at + "/" + key + "/" + p.getKey()));
                case "items", "not", "additionalProperties" -> checkKeywords(e.getValue(), at + "/" + key);
                case "allOf", "anyOf", "oneOf" -> {
                    for (int i = 0; i < e.getValue().size(); i++) {
                        checkKeywords(e.getValue().get(i), at + "/" + key + "/" + i);
                    }
                }
                default -> {}
            }
        }
    }

    /** Every violation, as {@code $.path: message}; empty when {@code value} is valid. */
    List<String> violations(JsonNode value) {
        List<String> out = new ArrayList<>();
        check(root, value, "$", out, 0);
        return out;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> out, int depth) {
        if (schema.isBoolean()) {
            if (!schema.asBoolean()) {
                out.add(path + ": no value is allowed here");
            }
            return;
        }
        if (schema.has("$ref")) {
            if (depth > MAX_REF_DEPTH) {
                out.add(path + ": $ref nesting deeper than " + MAX_REF_DEPTH);
                return;
            }
            check(resolve(schema.get("$ref").asText()), value, path, out, depth + 1);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            out.add(path + ": expected " + typeText(schema.get("type")) + ", got " + typeOf(value));
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) {
                found |= same(option, value);
            }
            if (!found) {
                out.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("const") && !same(schema.get("const"), value)) {
            out.add(path + ": expected " + schema.get("const") + ", got " + value);
        }
        if (value.isObject()) {
            object(schema, value, path, out, depth);
        } else if (value.isArray()) {
            array(schema, value, path, out, depth);
        } else if (value.isTextual()) {
            text(schema, value.asText(), path, out);
        } else if (value.isNumber()) {
            number(schema, value.decimalValue(), path, out);
        }
        combinators(schema, value, path, out, depth);
    }

    private void object(JsonNode schema, JsonNode value, String path, List<String> out, int depth) {
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                out.add(path + ": missing required property '" + required.asText() + "'");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String child = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), child, out, depth);
            } else if (schema.has("additionalProperties")) {
                JsonNode additional = schema.get("additionalProperties");
                if (additional.isBoolean() && !additional.asBoolean()) {
                    out.add(path + ": property '" + field.getKey() + "' is not allowed");
                } else {
                    check(additional, field.getValue(), child, out, depth);
                }
            }
        }
        bound(schema, "minProperties", value.size(), path, "properties", true, out);
        bound(schema, "maxProperties", value.size(), path, "properties", false, out);
    }

    private void array(JsonNode schema, JsonNode value, String path, List<String> out, int depth) {
        if (schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", out, depth);
            }
        }
        bound(schema, "minItems", value.size(), path, "items", true, out);
        bound(schema, "maxItems", value.size(), path, "items", false, out);
        if (schema.path("uniqueItems").asBoolean(false)) {
            for (int i = 0; i < value.size(); i++) {
                for (int j = i + 1; j < value.size(); j++) {
                    if (same(value.get(i), value.get(j))) {
                        out.add(path + ": items " + i + " and " + j + " are equal");
                    }
                }
            }
        }
    }

    private static void text(JsonNode schema, String text, String path, List<String> out) {
        int length = text.codePointCount(0, text.length());
        bound(schema, "minLength", length, path, "characters", true, out);
        bound(schema, "maxLength", length, path, "characters", false, out);
        if (schema.has("pattern")
                && !Pattern.compile(schema.get("pattern").asText())
                        .matcher(text)
                        .find()) {
            out.add(path + ": \"" + text + "\" does not match "
                    + schema.get("pattern").asText());
        }
    }

    private static void number(JsonNode schema, BigDecimal n, String path, List<String> out) {
        if (schema.has("minimum") && n.compareTo(schema.get("minimum").decimalValue()) < 0) {
            out.add(path + ": " + n.toPlainString() + " is below the minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && n.compareTo(schema.get("maximum").decimalValue()) > 0) {
            out.add(path + ": " + n.toPlainString() + " is above the maximum " + schema.get("maximum"));
        }
        if (schema.has("exclusiveMinimum")
                && n.compareTo(schema.get("exclusiveMinimum").decimalValue()) <= 0) {
            out.add(path + ": " + n.toPlainString() + " must be above " + schema.get("exclusiveMinimum"));
        }
        if (schema.has("exclusiveMaximum")
                && n.compareTo(schema.get("exclusiveMaximum").decimalValue()) >= 0) {
            out.add(path + ": " + n.toPlainString() + " must be below " + schema.get("exclusiveMaximum"));
        }
        if (schema.has("multipleOf")
                && n.remainder(schema.get("multipleOf").decimalValue()).signum() != 0) {
            out.add(path + ": " + n.toPlainString() + " is not a multiple of " + schema.get("multipleOf"));
        }
    }

    private void combinators(JsonNode schema, JsonNode value, String path, List<String> out, int depth) {
        for (JsonNode sub : schema.path("allOf")) {
            check(sub, value, path, out, depth);
        }
        if (schema.has("anyOf")) {
            int passing = passing(schema.get("anyOf"), value, path, depth);
            if (passing == 0) {
                out.add(path + ": matches none of anyOf");
            }
        }
        if (schema.has("oneOf")) {
            int passing = passing(schema.get("oneOf"), value, path, depth);
            if (passing != 1) {
                out.add(path + ": matches " + passing + " of oneOf, expected exactly 1");
            }
        }
        if (schema.has("not") && passing(List.of(schema.get("not")), value, path, depth) == 1) {
            out.add(path + ": matches the schema under not");
        }
    }

    private int passing(Iterable<JsonNode> schemas, JsonNode value, String path, int depth) {
        int passing = 0;
        for (JsonNode sub : schemas) {
            List<String> errors = new ArrayList<>();
            check(sub, value, path, errors, depth);
            passing += errors.isEmpty() ? 1 : 0;
        }
        return passing;
    }

    private static void bound(
            JsonNode schema, String keyword, int actual, String path, String unit, boolean min, List<String> out) {
        if (schema.has(keyword)) {
            int limit = schema.get(keyword).asInt();
            if (min ? actual < limit : actual > limit) {
                out.add(path + ": " + actual + " " + unit + ", " + (min ? "at least " : "at most ") + limit
                        + " allowed");
            }
        }
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            throw new IllegalArgumentException("only local $refs (#/...) are supported, got " + ref);
        }
        JsonNode target = ref.equals("#") ? root : root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("$ref " + ref + " points at nothing in the schema");
        }
        return target;
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "number" -> value.isNumber();
            case "integer" ->
                value.isNumber()
                        && (value.isIntegralNumber()
                                || value.decimalValue().stripTrailingZeros().scale() <= 0);
            default -> throw new IllegalArgumentException("unknown JSON Schema type '" + type.asText() + "'");
        };
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String typeText(JsonNode type) {
        return type.isArray() ? type.toString() : type.asText();
    }

    private static String typeOf(JsonNode value) {
        if (value.isIntegralNumber()) {
            return "integer";
        }
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
