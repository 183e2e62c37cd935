package io.mlflowlite.store;

import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trace as the column values it is stored as, computed (and checked) before any connection is taken so the
 * write transaction only binds and sends.
 */
record TraceRow(
        String traceId,
        String experiment,
        long startNanos,
        long durationNanos,
        String state,
        String requestPreview,
        String responsePreview,
        String model,
        long inputTokens,
        long outputTokens,
        BigDecimal cost,
        String user,
        String session,
        String metadata,
        String endpoint,
        Map<String, String> tags,
        List<SpanRow> spans) {

    /** The default experiment, for traces recorded without one. */
    static final String DEFAULT_EXPERIMENT = "llm_workspace";

    /** One span's column values. */
    record SpanRow(
            String spanId,
            String parentId,
            String name,
            String type,
            long startNanos,
            long endNanos,
            String status,
            String statusMessage,
            String inputs,
            String outputs,
            String attributes,
            String events) {}

    /**
     * The rows of {@code trace}. Throws {@link IllegalArgumentException} for a trace no database would accept
     * (no id, no start, duplicate span ids): such a trace can never be stored, so it must not look like an
     * outage that a retry would fix.
     */
    static TraceRow of(Trace trace) {
        TraceInfo info = trace.info();
        String id = info.traceId();
        require(id != null && !id.isBlank(), "a trace without an id");
        require(info.startTime() != null, "trace " + id + " has no start time");
        require(info.duration() != null, "trace " + id + " has no duration");
        require(info.state() != null, "trace " + id + " has no state");
        List<SpanRow> spans = new ArrayList<>(trace.spans().size());
        Set<String> spanIds = new HashSet<>();
        for (Span span : trace.spans()) {
            require(span.spanId() != null && !span.spanId().isBlank(), "trace " + id + " has a span without an id");
            require(spanIds.add(span.spanId()), "trace " + id + " has two spans with id " + span.spanId());
            spans.add(span(id, span));
        }
        String experiment =
                info.experiment() == null || info.experiment().isBlank() ? DEFAULT_EXPERIMENT : info.experiment();
        return new TraceRow(
                id,
                text(experiment),
                TraceJson.epochNanos(info.startTime()),
                info.duration().toNanos(),
                info.state().name(),
                text(info.requestPreview()),
                text(info.responsePreview()),
                text(info.model()),
                info.inputTokens(),
                info.outputTokens(),
                info.cost(),
                text(info.user()),
                text(info.session()),
                TraceJson.stringsText(info.metadata()),
                endpoint(trace),
                info.tags(),
                spans);
    }

    /** The gateway endpoint that served the call: the root span's {@code mlflowlite.endpoint}, or null. */
    private static String endpoint(Trace trace) {
        return trace.root()
                .map(r -> r.attributes().get("mlflowlite.endpoint"))
                .map(v -> text(String.valueOf(v)))
                .orElse(null);
    }

    private static SpanRow span(String traceId, Span span) {
        String name = span.name() == null ? "" : span.name();
        SpanType type = span.type() == null ? SpanType.UNKNOWN : span.type();
        SpanStatus status = span.status() == null ? SpanStatus.UNSET : span.status();
        try {
            return new SpanRow(
                    span.spanId(),
                    span.parentId(),
                    text(name),
                    type.name(),
                    span.startNanos(),
                    span.endNanos(),
                    status.name(),
                    text(span.statusMessage()),
                    span.inputsJson(),
                    span.outputsJson(),
                    span.attributesJson(),
                    span.eventsJson());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "trace " + traceId + ", span " + span.spanId() + " has a value that is not JSON: " + e.getMessage(),
                    e);
        }
    }

    /**
     * PostgreSQL rejects the NUL character in text, and a model can emit one; U+FFFD in its place keeps the
     * trace storable, the same on both databases. JSON columns escape it and keep it as it was.
     */
    static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("Cannot store " + problem);
        }
    }
}
