package io.mlflowlite.experiments.stats;

import java.util.Map;

/**
 * Reading numbers and nested maps back from the JSON-friendly maps the accumulators write. Public so the {@code
 * ab} package reads its maps the same way; not meant for users.
 */
public final class MapValues {
    private MapValues() {}

    /** The number under {@code key}; a clear error when it is missing or not a number. */
    public static Number number(Map<String, ?> map, String key) {
        Object value = map.get(key);
        if (value instanceof Number number) {
            return number;
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("expected a number under \"" + key + "\" in a stored aggregate, got "
                + (value == null ? "nothing" : value) + " (was the map written by toMap()?)");
    }

    /** The nested map under {@code key}; a clear error when it is missing or not a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, ?> map(Map<String, ?> map, String key) {
        Object value = map.get(key);
        if (value instanceof Map<?, ?> nested) {
            return (Map<String, ?>) nested;
        }
        throw new IllegalArgumentException("expected an object under \"" + key + "\" in a stored aggregate, got "
                + (value == null ? "nothing" : value) + " (was the map written by toMap()?)");
    }
}
