package io.mlflowlite.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One finished step of a trace (MLflow's span model). Immutable.
 *
 * @param traceId       the trace it belongs to ({@code tr-} + 32 hex)
 * @param spanId        16 hex digits
 * @param parentId      the parent span's id; null for the root
 * @param name          what ran ({@code chat gpt-4o}, {@code retrieve}, a tool's name)
 * @param type          its {@link SpanType}
 * @param startNanos    Unix epoch nanoseconds
 * @param endNanos      Unix epoch nanoseconds
 * @param status        how it ended
 * @param statusMessage the error message when it failed; null otherwise
 * @param inputs        what went in (JSON), or null; not copied, so never modify it afterwards
 * @param outputs       what came out (JSON), or null; not copied, so never modify it afterwards
 * @param attributes    {@code mlflow.*} and {@code gen_ai.*} keys with string, number, boolean or JSON values
 * @param events        exceptions and other point events
 */
public record Span(String traceId, String spanId, String parentId, String name, SpanType type, long startNanos,
        long endNanos, SpanStatus status, String statusMessage, JsonNode inputs, JsonNode outputs,
        Map<String, Object> attributes, List<SpanEvent> events) {

    public Span {
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        events = events == null ? List.of() : List.copyOf(events);
    }

    public Duration duration() {
        return Duration.ofNanos(Math.max(0, endNanos - startNanos));
    }

    public boolean isRoot() {
        return parentId == null;
    }

    /** The attribute {@code key}, when set. */
    public Optional<Object> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /** A copy with other inputs, outputs and attributes (used by redaction). */
    public Span withContent(JsonNode newInputs, JsonNode newOutputs, Map<String, Object> newAttributes,
            String newStatusMessage) {
        return new Span(traceId, spanId, parentId, name, type, startNanos, endNanos, status, newStatusMessage,
                newInputs, newOutputs, newAttributes, events);
    }
}
