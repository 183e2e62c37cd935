package io.mlflowlite.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished step of a trace (MLflow's span model). Immutable.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} copies one.
 *
 * <p>Its inputs, outputs and attributes are also kept as JSON text ({@link #inputsJson()} …), written once and
 * shared by whatever needs them as text: redaction's scan (of inputs and outputs), the trace store's columns, the
 * spill file. A span recorded by {@link Tracing} keeps only that text for its inputs and outputs and reads their
 * trees back from it when {@link #inputs()} or {@link #outputs()} is called, so a trace waiting to be stored holds
 * a few strings rather than trees of many small objects.
 */
public final class Span {
    private final String traceId;
    private final String spanId;
    private final String parentId;
    private final String name;
    private final SpanType type;
    private final long startNanos;
    private final long endNanos;
    private final SpanStatus status;
    private final String statusMessage;
    /** The inputs' tree; null when there are none, or (with {@link #inputsJson} set) until read from the text. */
    private volatile JsonNode inputs;

    private volatile JsonNode outputs;
    /** The text of {@link #inputs}; null when there are none or until first written. Strings publish safely. */
    private String inputsJson;

    private String outputsJson;
    private String attributesJson;
    private final Map<String, Object> attributes;
    private final List<SpanEvent> events;

    private Span(
            String traceId,
            String spanId,
            String parentId,
            String name,
            SpanType type,
            long startNanos,
            long endNanos,
            SpanStatus status,
            String statusMessage,
            JsonNode inputs,
            JsonNode outputs,
            Map<String, Object> attributes,
            List<SpanEvent> events) {
        this(
                traceId,
                spanId,
                parentId,
                name,
                type,
                startNanos,
                endNanos,
                status,
                statusMessage,
                inputs,
                outputs,
                null,
                null,
                attributes == null
                        ? Map.of()
                        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes)),
                null,
                events == null ? List.of() : List.copyOf(events));
    }

    /** Takes {@code attributes} and {@code events} as they are (unmodifiable already). */
    private Span(
            String traceId,
            String spanId,
            String parentId,
            String name,
            SpanType type,
            long startNanos,
            long endNanos,
            SpanStatus status,
            String statusMessage,
            JsonNode inputs,
            JsonNode outputs,
            String inputsJson,
            String outputsJson,
            Map<String, Object> attributes,
            String attributesJson,
            List<SpanEvent> events) {
        this.traceId = traceId;
        this.spanId = spanId;
        this.parentId = parentId;
        this.name = name;
        this.type = type;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.status = status;
        this.statusMessage = statusMessage;
        this.inputs = inputs;
        this.outputs = outputs;
        this.inputsJson = inputsJson;
        this.outputsJson = outputsJson;
        this.attributes = attributes;
        this.attributesJson = attributesJson;
        this.events = events;
    }

    /** A builder with every field unset (null, 0 or false). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this value's fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.traceId = traceId;
        b.spanId = spanId;
        b.parentId = parentId;
        b.name = name;
        b.type = type;
        b.startNanos = startNanos;
        b.endNanos = endNanos;
        b.status = status;
        b.statusMessage = statusMessage;
        b.inputs = inputs();
        b.outputs = outputs();
        b.attributes = attributes;
        b.events = events;
        return b;
    }

    /** The trace it belongs to ({@code tr-} + 32 hex). */
    public String traceId() {
        return traceId;
    }

    /** 16 hex digits. */
    public String spanId() {
        return spanId;
    }

    /** The parent span's id; null for the root. */
    public String parentId() {
        return parentId;
    }

    /** What ran ({@code chat gpt-4o}, {@code retrieve}, a tool's name). */
    public String name() {
        return name;
    }

    /** Its {@link SpanType}. */
    public SpanType type() {
        return type;
    }

    /** Unix epoch nanoseconds. */
    public long startNanos() {
        return startNanos;
    }

    /** Unix epoch nanoseconds. */
    public long endNanos() {
        return endNanos;
    }

    /** How it ended. */
    public SpanStatus status() {
        return status;
    }

    /** The error message when it failed; null otherwise. */
    public String statusMessage() {
        return statusMessage;
    }

    /** What went in (JSON), or null; not copied, so never modify it afterwards. */
    public JsonNode inputs() {
        JsonNode tree = inputs;
        if (tree == null && inputsJson != null) {
            tree = parse(inputsJson);
            inputs = tree;
        }
        return tree;
    }

    /** What came out (JSON), or null; not copied, so never modify it afterwards. */
    public JsonNode outputs() {
        JsonNode tree = outputs;
        if (tree == null && outputsJson != null) {
            tree = parse(outputsJson);
            outputs = tree;
        }
        return tree;
    }

    /** {@link #inputs()} as JSON text (exactly its tree's text), or null; written once and kept. */
    public String inputsJson() {
        String json = inputsJson;
        if (json == null && inputs != null) {
            json = JsonText.node(inputs);
            inputsJson = json;
        }
        return json;
    }

    /** {@link #outputs()} as JSON text (exactly its tree's text), or null; written once and kept. */
    public String outputsJson() {
        String json = outputsJson;
        if (json == null && outputs != null) {
            json = JsonText.node(outputs);
            outputsJson = json;
        }
        return json;
    }

    /**
     * {@link #attributes()} as the text of a JSON object (exactly {@link TraceJson#attributesJson}'s); written once
     * and kept.
     *
     * @throws IllegalArgumentException when a value is nothing Jackson can write
     */
    public String attributesJson() {
        String json = attributesJson;
        if (json == null) {
            json = JsonText.attributes(attributes);
            attributesJson = json;
        }
        return json;
    }

    /** {@link #events()} as the text of a JSON array of {name, time_unix_nano, attributes}. */
    public String eventsJson() {
        return JsonText.events(events);
    }

    /**
     * This span holding its inputs and outputs as text only (written now if they are not yet), their trees to be
     * read back when asked for: what a recorded trace keeps while it waits to be stored. The attributes stay a map
     * (the store writes their text).
     */
    Span withTextContent() {
        if (inputs == null && outputs == null) {
            return this;
        }
        return new Span(
                traceId,
                spanId,
                parentId,
                name,
                type,
                startNanos,
                endNanos,
                status,
                statusMessage,
                null,
                null,
                inputsJson(),
                outputsJson(),
                attributes,
                attributesJson,
                events);
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A span's JSON text does not parse: " + Json.abbreviate(json), e);
        }
    }

    /** {@code mlflow.*} and {@code gen_ai.*} keys with string, number, boolean or JSON values. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** Exceptions and other point events. */
    public List<SpanEvent> events() {
        return events;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Span o
                && Objects.equals(traceId, o.traceId)
                && Objects.equals(spanId, o.spanId)
                && Objects.equals(parentId, o.parentId)
                && Objects.equals(name, o.name)
                && Objects.equals(type, o.type)
                && startNanos == o.startNanos
                && endNanos == o.endNanos
                && Objects.equals(status, o.status)
                && Objects.equals(statusMessage, o.statusMessage)
                && Objects.equals(inputs(), o.inputs())
                && Objects.equals(outputs(), o.outputs())
                && Objects.equals(attributes, o.attributes)
                && Objects.equals(events, o.events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                traceId,
                spanId,
                parentId,
                name,
                type,
                startNanos,
                endNanos,
                status,
                statusMessage,
                inputs(),
                outputs(),
                attributes,
                events);
    }

    @Override
    public String toString() {
        return "Span[traceId=%s, spanId=%s, parentId=%s, name=%s, type=%s, startNanos=%s, endNanos=%s, status=%s, statusMessage=%s, inputs=%s, outputs=%s, attributes=%s, events=%s]"
                .formatted(
                        traceId,
                        spanId,
                        parentId,
                        name,
                        type,
                        startNanos,
                        endNanos,
                        status,
                        statusMessage,
                        inputsJson(),
                        outputsJson(),
                        attributes,
                        events);
    }

    /** Builds {@link Span}s. Not thread-safe. */
    public static final class Builder {
        private String traceId;
        private String spanId;
        private String parentId;
        private String name;
        private SpanType type;
        private long startNanos;
        private long endNanos;
        private SpanStatus status;
        private String statusMessage;
        private JsonNode inputs;
        private JsonNode outputs;
        private Map<String, Object> attributes;
        private boolean attributesOwned;
        private List<SpanEvent> events;

        private Builder() {}

        public Builder traceId(String traceId) {
            this.traceId = traceId;
            return this;
        }

        public Builder spanId(String spanId) {
            this.spanId = spanId;
            return this;
        }

        public Builder parentId(String parentId) {
            this.parentId = parentId;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder type(SpanType type) {
            this.type = type;
            return this;
        }

        public Builder startNanos(long startNanos) {
            this.startNanos = startNanos;
            return this;
        }

        public Builder endNanos(long endNanos) {
            this.endNanos = endNanos;
            return this;
        }

        public Builder status(SpanStatus status) {
            this.status = status;
            return this;
        }

        public Builder statusMessage(String statusMessage) {
            this.statusMessage = statusMessage;
            return this;
        }

        public Builder inputs(JsonNode inputs) {
            this.inputs = inputs;
            return this;
        }

        public Builder outputs(JsonNode outputs) {
            this.outputs = outputs;
            return this;
        }

        public Builder attributes(Map<String, Object> attributes) {
            this.attributes = attributes;
            this.attributesOwned = false;
            return this;
        }

        /** Attributes in a map nothing will change any more, taken as they are instead of copied. */
        Builder ownedAttributes(Map<String, Object> attributes) {
            this.attributes = attributes;
            this.attributesOwned = true;
            return this;
        }

        public Builder events(List<SpanEvent> events) {
            this.events = events;
            return this;
        }

        public Span build() {
            if (attributesOwned) {
                return new Span(
                        traceId,
                        spanId,
                        parentId,
                        name,
                        type,
                        startNanos,
                        endNanos,
                        status,
                        statusMessage,
                        inputs,
                        outputs,
                        null,
                        null,
                        java.util.Collections.unmodifiableMap(attributes),
                        null,
                        events == null ? List.of() : List.copyOf(events));
            }
            return new Span(
                    traceId,
                    spanId,
                    parentId,
                    name,
                    type,
                    startNanos,
                    endNanos,
                    status,
                    statusMessage,
                    inputs,
                    outputs,
                    attributes,
                    events);
        }
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
    public Span withContent(
            JsonNode newInputs, JsonNode newOutputs, Map<String, Object> newAttributes, String newStatusMessage) {
        return new Span(
                traceId,
                spanId,
                parentId,
                name,
                type,
                startNanos,
                endNanos,
                status,
                newStatusMessage,
                newInputs,
                newOutputs,
                newAttributes,
                events);
    }
}
