package io.mlflowlite.tracing;

import java.util.Map;

/**
 * Something that happened at a point in a span: an exception, a retry, a first token.
 *
 * @param timeNanos  Unix epoch nanoseconds
 * @param attributes string, number, boolean or JSON-tree values
 */
public record SpanEvent(String name, long timeNanos, Map<String, Object> attributes) {
    public SpanEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
