package io.mlflowlite.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span being recorded. Set its inputs, outputs and attributes, then {@link #close()} it (try-with-resources)
 * to end it; ending the root span of a trace (and every span under it) records the trace. Thread-safe.
 *
 * <pre>{@code
 * try (ActiveSpan span = Tracer.start("retrieve", SpanType.RETRIEVER)) {
 *     span.setInputs(Map.of("query", q));
 *     List<Doc> docs = index.search(q);
 *     span.setOutputs(docs);
 * }
 * }</pre>
 */
public final class ActiveSpan implements AutoCloseable {
    private final InFlightTrace trace;
    private final String spanId;
    private final String parentId;
    private final String name;
    private final SpanType type;
    private final long startNanos;
    private JsonNode inputs;
    private JsonNode outputs;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<SpanEvent> events = new ArrayList<>();
    private SpanStatus status = SpanStatus.OK;
    private String statusMessage;
    private boolean ended;

    ActiveSpan(InFlightTrace trace, String spanId, String parentId, String name, SpanType type, long startNanos) {
        this.trace = trace;
        this.spanId = spanId;
        this.parentId = parentId;
        this.name = name;
        this.type = type;
        this.startNanos = startNanos;
        attributes.put("mlflow.spanType", type.name());
    }

    public String traceId() {
        return trace.traceId();
    }

    public String spanId() {
        return spanId;
    }

    public String name() {
        return name;
    }

    public SpanType type() {
        return type;
    }

    long startNanos() {
        return startNanos;
    }

    InFlightTrace trace() {
        return trace;
    }

    /** What went in: any value Jackson can serialize (maps, lists, records, strings, JSON trees — copied). */
    public synchronized ActiveSpan setInputs(Object value) {
        this.inputs = snapshot(value);
        return this;
    }

    /** What came out: any value Jackson can serialize (JSON trees are copied). */
    public synchronized ActiveSpan setOutputs(Object value) {
        this.outputs = snapshot(value);
        return this;
    }

    /** For trees built for this span alone, which need no copy. */
    synchronized void setOwnedInputs(JsonNode value) {
        this.inputs = value;
    }

    synchronized void setOwnedOutputs(JsonNode value) {
        this.outputs = value;
    }

    private static JsonNode snapshot(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof JsonNode node ? node.deepCopy() : Json.tree(value);
    }

    /**
     * Sets an attribute: a String, Number, Boolean, or anything Jackson serializes (stored as JSON). After the span
     * ended it changes nothing: the recorded span holds the attributes it ended with.
     */
    public synchronized ActiveSpan setAttribute(String key, Object value) {
        if (ended) {
            return this; // the ended span took this map over
        }
        if (value == null) {
            attributes.remove(key);
        } else if (value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof JsonNode) {
            attributes.put(key, value);
        } else {
            attributes.put(key, Json.tree(value));
        }
        return this;
    }

    /** Records a point event, such as {@code first_token}. */
    public synchronized ActiveSpan addEvent(String eventName, Map<String, Object> eventAttributes) {
        events.add(new SpanEvent(eventName, EpochClock.now(), eventAttributes));
        return this;
    }

    /** Marks the span failed by {@code error}, recording an OpenTelemetry {@code exception} event. */
    public synchronized ActiveSpan recordError(Throwable error) {
        status = SpanStatus.ERROR;
        statusMessage = error.getClass().getSimpleName() + ": " + error.getMessage();
        events.add(new SpanEvent(
                "exception",
                EpochClock.now(),
                Map.of(
                        "exception.type", error.getClass().getName(),
                        "exception.message", String.valueOf(error.getMessage()))));
        return this;
    }

    public synchronized ActiveSpan setStatus(SpanStatus newStatus, String message) {
        this.status = newStatus;
        this.statusMessage = message;
        return this;
    }

    /** Adds a model call's tokens and cost to the trace's totals (each model call once). */
    public ActiveSpan addUsageToTrace(long inputTokens, long outputTokens, java.math.BigDecimal cost, String model) {
        trace.addUsage(inputTokens, outputTokens, cost, model);
        return this;
    }

    /** Ends the span now. Idempotent. */
    public void end() {
        end(EpochClock.now());
    }

    void end(long endNanos) {
        Span finished;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            finished = Span.builder()
                    .traceId(trace.traceId())
                    .spanId(spanId)
                    .parentId(parentId)
                    .name(name)
                    .type(type)
                    .startNanos(startNanos)
                    .endNanos(Math.max(endNanos, startNanos))
                    .status(status)
                    .statusMessage(statusMessage)
                    .inputs(inputs)
                    .outputs(outputs)
                    .ownedAttributes(attributes)
                    .events(events)
                    .build();
        }
        Tracer.forget(this);
        trace.spanEnded(finished);
    }

    /** Ends the span (and stops it being the current span of this thread). */
    @Override
    public void close() {
        end();
    }
}
