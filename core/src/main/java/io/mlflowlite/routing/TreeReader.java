package io.mlflowlite.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.catalog.ModelCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a parsed YAML tree, collecting a {@link ConfigProblem} for every value that is
 * missing, mistyped or misspelt instead of stopping at the first, and expanding environment references in
 * text. Not thread-safe: one per load.
 */
final class TreeReader {
    /** {@code $$} (a literal dollar), {@code ${NAME}}, {@code ${NAME:-default}} or {@code $NAME}. */
    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, String> env;
    private final List<ConfigProblem> problems = new ArrayList<>();

    TreeReader(Map<String, String> env) {
        this.env = env;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    void problem(String path, String message) {
        problems.add(new ConfigProblem(path, message));
    }

    static String at(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** {@code node} as a mapping, or null after reporting what it is instead. */
    ObjectNode object(JsonNode node, String path, String expected) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        problem(path, "expected " + expected + ", got " + describe(node));
        return null;
    }

    /** Reports each key of {@code node} that is not in {@code allowed}, suggesting the closest allowed one. */
    void onlyKeys(ObjectNode node, String path, Collection<String> allowed, String where) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                List<String> close = ModelCatalog.closest(key, List.copyOf(allowed), 1);
                problem(
                        at(path, key),
                        "unknown key" + (where == null ? "" : " " + where)
                                + (close.isEmpty()
                                        ? "; allowed: " + String.join(", ", allowed)
                                        : " (did you mean " + close.get(0) + "?)"));
            }
        });
    }

    /** A text value with environment references expanded; null when absent (reported if required) or invalid. */
    String text(ObjectNode node, String key, String path, boolean required) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                problem(at(path, key), "required");
            }
            return null;
        }
        return text(value, at(path, key));
    }

    /** {@code value} as text with environment references expanded, or null after reporting. */
    String text(JsonNode value, String path) {
        if (!value.isTextual()) {
            if (value.isNumber() || value.isBoolean()) {
                return value.asText(); // YAML reads `name: 2024` as a number; a name or version may be one
            }
            problem(path, "expected text, got " + describe(value));
            return null;
        }
        return expand(value.asText(), path);
    }

    /** An integer, or null when absent or after reporting. Text holding an environment reference is expanded first. */
    Integer integer(ObjectNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        String where = at(path, key);
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        String expanded = fromReference(value, where);
        if (expanded != null) {
            try {
                return Integer.parseInt(expanded.strip());
            } catch (NumberFormatException e) {
                problem(where, "expected an integer, got '" + expanded + "' from the environment");
                return null;
            }
        }
        problem(where, "expected an integer, got " + describe(value));
        return null;
    }

    /** A number, or null when absent or after reporting. */
    Double number(ObjectNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        String where = at(path, key);
        if (value.isNumber()) {
            return value.doubleValue();
        }
        String expanded = fromReference(value, where);
        if (expanded != null) {
            try {
                return Double.parseDouble(expanded.strip());
            } catch (NumberFormatException e) {
                problem(where, "expected a number, got '" + expanded + "' from the environment");
                return null;
            }
        }
        problem(where, "expected a number, got " + describe(value));
        return null;
    }

    /** A duration written in (possibly fractional) seconds. */
    Duration seconds(ObjectNode node, String key, String path) {
        Double value = number(node, key, path);
        return value == null ? null : Duration.ofNanos(Math.round(value * 1_000_000_000d));
    }

    /** The items of a list, or an empty list when absent or after reporting. */
    List<JsonNode> list(ObjectNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            problem(at(path, key), "expected a list, got " + describe(value));
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    /** A list of texts (a single text is accepted as a list of one). */
    List<String> texts(ObjectNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value != null && value.isTextual()) {
            String one = text(value, at(path, key));
            return one == null ? List.of() : List.of(one);
        }
        List<String> texts = new ArrayList<>();
        List<JsonNode> items = list(node, key, path);
        for (int i = 0; i < items.size(); i++) {
            String item = text(items.get(i), at(path, key) + "[" + i + "]");
            if (item != null) {
                texts.add(item);
            }
        }
        return texts;
    }

    /** A mapping of text to text, such as headers. */
    Map<String, String> textMap(ObjectNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        ObjectNode object = object(value, at(path, key), "a mapping of names to values");
        Map<String, String> map = new LinkedHashMap<>();
        if (object != null) {
            object.fields().forEachRemaining(entry -> {
                String text = text(entry.getValue(), at(at(path, key), entry.getKey()));
                if (text != null) {
                    map.put(entry.getKey(), text);
                }
            });
        }
        return map;
    }

    /** The expansion of a text value that holds an environment reference, else null. */
    private String fromReference(JsonNode value, String path) {
        if (value.isTextual() && value.asText().contains("$")) {
            return expand(value.asText(), path);
        }
        return null;
    }

    /**
     * Expands {@code $NAME}, {@code ${NAME}} and {@code ${NAME:-default}} from the injected environment
     * ({@code $$} is a literal dollar). A variable that is unset or empty is a problem naming it, as MLflow's
     * gateway treats it; its value never appears in a message.
     */
    String expand(String raw, String path) {
        if (raw.indexOf('$') < 0) {
            return raw;
        }
        Matcher m = REFERENCE.matcher(raw);
        StringBuilder out = new StringBuilder();
        boolean missing = false;
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = m.group(1) != null ? m.group(1) : m.group(3);
                String value = env.get(name);
                if (value == null || value.isEmpty()) {
                    value = m.group(2);
                }
                if (value == null) {
                    problem(path, "environment variable " + name + " is not set");
                    missing = true;
                    value = "";
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return missing ? null : out.toString();
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "text '" + node.asText() + "'";
        }
        if (node.isBoolean()) {
            return "a boolean (" + node.asText() + ")";
        }
        return "a number (" + node.asText() + ")";
    }
}
