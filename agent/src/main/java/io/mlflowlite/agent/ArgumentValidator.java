package io.mlflowlite.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks tool arguments against the JSON Schema keywords models are given in practice: {@code type} (one or a
 * list), {@code enum}, {@code const}, {@code properties}, {@code required}, {@code additionalProperties},
 * {@code items}, {@code minItems}/{@code maxItems}, {@code minLength}/{@code maxLength},
 * {@code minimum}/{@code maximum} and {@code anyOf}/{@code oneOf} (at least one branch must match). Other keywords
 * are left to the tool. A JSON {@code null} for a property that is not required counts as absent: models often
 * send one for an optional argument. Reports every problem, each with its JSON path. Stateless.
 */
final class ArgumentValidator {
    private ArgumentValidator() {}

    /** The problems of {@code value} against {@code schema}; empty when it conforms. */
    static List<String> problems(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            JsonNode branches = schema.get(combinator);
            if (branches != null && branches.isArray() && !branches.isEmpty()) {
                boolean any = false;
                for (JsonNode branch : branches) {
                    any |= problemsAt(branch, value, path).isEmpty();
                }
                if (!any) {
                    problems.add(path + " matches none of the allowed shapes (" + combinator + ")");
                }
            }
        }
        JsonNode type = schema.get("type");
        if (type != null && !typeMatches(type, value)) {
            problems.add(path + " must be " + describe(type) + ", got " + kind(value));
            return; // the other keywords would only repeat the mismatch
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(path + " must be " + schema.get("const") + ", got " + abbreviate(value));
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray()) {
            boolean found = false;
            for (JsonNode option : allowed) {
                found |= option.equals(value)
                        || option.isNumber()
                                && value.isNumber()
                                && option.decimalValue().compareTo(value.decimalValue()) == 0;
            }
            if (!found) {
                problems.add(path + " must be one of " + allowed + ", got " + abbreviate(value));
            }
        }
        if (value.isObject()) {
            object(schema, value, path, problems);
        } else if (value.isArray()) {
            array(schema, value, path, problems);
        } else if (value.isTextual()) {
            int length = value.asText().codePointCount(0, value.asText().length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                problems.add(
                        path + " must be at least " + schema.get("minLength").asInt() + " characters long");
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                problems.add(
                        path + " must be at most " + schema.get("maxLength").asInt() + " characters long");
            }
        } else if (value.isNumber()) {
            if (schema.path("minimum").isNumber()
                    && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                problems.add(path + " must be at least " + schema.get("minimum") + ", got " + value);
            }
            if (schema.path("maximum").isNumber()
                    && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                problems.add(path + " must be at most " + schema.get("maximum") + ", got " + value);
            }
        }
    }

    private static List<String> problemsAt(JsonNode schema, JsonNode value, String path) {
        List<String> problems = new ArrayList<>();
        check(schema, value, path, problems);
        return problems;
    }

    private static void object(JsonNode schema, JsonNode value, String path, List<String> problems) {
        JsonNode properties = schema.path("properties");
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        for (JsonNode name : schema.path("required")) {
            JsonNode given = value.get(name.asText());
            if (given == null || given.isNull() && !allowsNull(properties.get(name.asText()))) {
                problems.add(path + "." + name.asText() + " is required");
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String childPath = path + "." + field.getKey();
            JsonNode property = properties.get(field.getKey());
            if (field.getValue().isNull() && !required.contains(field.getKey())) {
                continue; // an optional argument sent as null is an absent one
            }
            if (property != null) {
                check(property, field.getValue(), childPath, problems);
            } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                problems.add(childPath + " is not an argument of this tool"
                        + (properties.isEmpty() ? "" : "; its arguments are " + names(properties)));
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), childPath, problems);
            }
        }
    }

    private static void array(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            problems.add(
                    path + " must have at least " + schema.get("minItems").asInt() + " items, got " + value.size());
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            problems.add(path + " must have at most " + schema.get("maxItems").asInt() + " items, got " + value.size());
        }
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
            for (int i = 0; i < value.size(); i++) {
                check(items, value.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode option : type) {
                if (typeMatches(option, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "string" -> value.isTextual();
            case "integer" ->
                value.isIntegralNumber()
                        || value.isNumber()
                                && value.decimalValue().stripTrailingZeros().scale() <= 0;
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            case "null" -> value.isNull();
            default -> true; // an unknown type name is the tool's business
        };
    }

    private static boolean allowsNull(JsonNode property) {
        return property != null && property.has("type") && typeMatches(property.get("type"), NullNode.getInstance());
    }

    private static String describe(JsonNode type) {
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(article(t.asText())));
            return String.join(" or ", names);
        }
        return article(type.asText());
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "array", "object" -> "an " + type;
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    private static String kind(JsonNode value) {
        String kind = switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
        return value.isNull() ? kind : kind + " " + abbreviate(value);
    }

    private static String names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
