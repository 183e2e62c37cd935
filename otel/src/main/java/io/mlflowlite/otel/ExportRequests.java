package io.mlflowlite.otel;

import com.google.protobuf.ByteString;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanEvent;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns traces into OTLP {@link ExportTraceServiceRequest}s shaped the way MLflow's {@code /v1/traces}
 * reads them back into MLflow spans (see {@link AttributeValues} for the value encodings):
 * <ul>
 *   <li>ids: the 32 hex digits after {@code tr-} are the 16 trace-id bytes (MLflow names the trace
 *       {@code tr-} + those digits again), span ids are 8 bytes;</li>
 *   <li>every span carries {@code mlflow.traceRequestId}, {@code mlflow.spanType} and, when set,
 *       {@code mlflow.spanInputs}/{@code mlflow.spanOutputs} (MLflow takes the trace's request and
 *       response previews from the root's), plus its own {@code mlflow.*} and {@code gen_ai.*} attributes;</li>
 *   <li>the root span also carries the trace's user and session ({@code user.id}, {@code session.id}) and
 *       tags ({@code mlflow.traceTag.<key>}), which MLflow restores onto the trace;</li>
 *   <li>model and embedding calls are {@code CLIENT} spans, everything else {@code INTERNAL}; a failed span
 *       without an {@code exception} event gets one from its status message.</li>
 * </ul>
 * Token usage and cost are not sent at trace level: MLflow sums the spans' {@code mlflow.chat.tokenUsage} and
 * {@code mlflow.llm.cost} itself (a parent's usage covers its children's). Thread-safe (immutable).
 */
final class ExportRequests {
    private static final HexFormat HEX = HexFormat.of();

    private final Resource resource;
    private final InstrumentationScope scope;

    ExportRequests(OtlpConfig config, String version) {
        Map<String, String> attributes = new LinkedHashMap<>(config.resourceAttributes());
        attributes.put("service.name", config.serviceName());
        attributes.put("telemetry.sdk.name", "mlflowlite");
        attributes.put("telemetry.sdk.language", "java");
        attributes.put("telemetry.sdk.version", version);
        Resource.Builder r = Resource.newBuilder();
        attributes.forEach((k, v) -> r.addAttributes(AttributeValues.typedKeyValue(k, v)));
        this.resource = r.build();
        this.scope = InstrumentationScope.newBuilder()
                .setName("mlflowlite")
                .setVersion(version)
                .build();
    }

    /** One request holding {@code spans} under this exporter's resource and scope. */
    ExportTraceServiceRequest request(List<io.opentelemetry.proto.trace.v1.Span> spans) {
        ScopeSpans scopeSpans =
                ScopeSpans.newBuilder().setScope(scope).addAllSpans(spans).build();
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(
                        ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scopeSpans))
                .build();
    }

    /** The OTLP spans of {@code trace}. Throws {@link IllegalArgumentException} when an id is not hex. */
    List<io.opentelemetry.proto.trace.v1.Span> spans(Trace trace) {
        List<io.opentelemetry.proto.trace.v1.Span> out =
                new ArrayList<>(trace.spans().size());
        for (Span span : trace.spans()) {
            out.add(span(trace.info(), span));
        }
        return out;
    }

    private io.opentelemetry.proto.trace.v1.Span span(TraceInfo info, Span s) {
        String traceId = s.traceId() != null ? s.traceId() : info.traceId();
        var b = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(traceIdBytes(traceId))
                .setSpanId(idBytes(s.spanId(), 8, "span id"))
                .setName(s.name() == null ? "" : s.name())
                .setKind(kind(s.type()))
                .setStartTimeUnixNano(s.startNanos())
                .setEndTimeUnixNano(s.endNanos())
                .setStatus(status(s));
        if (s.parentId() != null) {
            b.setParentSpanId(idBytes(s.parentId(), 8, "parent span id"));
        }
        attributes(info, s, traceId)
                .forEach((k, v) ->
                        b.addAttributes(KeyValue.newBuilder().setKey(k).setValue(v)));
        for (SpanEvent e : s.events()) {
            b.addEvents(event(e.name(), e.timeNanos(), e.attributes()));
        }
        if (s.status() == io.mlflowlite.tracing.SpanStatus.ERROR
                && s.events().stream().noneMatch(e -> "exception".equals(e.name()))) {
            b.addEvents(event("exception", s.endNanos(), exceptionAttributes(s)));
        }
        return b.build();
    }

    private static Map<String, AnyValue> attributes(TraceInfo info, Span s, String traceId) {
        Map<String, AnyValue> out = new LinkedHashMap<>();
        out.put("mlflow.traceRequestId", AttributeValues.mlflow("mlflow.traceRequestId", traceId));
        out.put("mlflow.spanType", AttributeValues.mlflow("mlflow.spanType", type(s).name()));
        if (s.inputs() != null) {
            out.put("mlflow.spanInputs", AttributeValues.mlflow("mlflow.spanInputs", s.inputs()));
        }
        if (s.outputs() != null) {
            out.put("mlflow.spanOutputs", AttributeValues.mlflow("mlflow.spanOutputs", s.outputs()));
        }
        s.attributes()
                .forEach((k, v) ->
                        out.putIfAbsent(k, AttributeValues.keyValue(k, v).getValue()));
        String operation = operationName(type(s));
        if (operation != null) {
            out.putIfAbsent("gen_ai.operation.name", AttributeValues.typed(operation));
        }
        if (s.isRoot()) {
            if (info.user() != null) {
                out.putIfAbsent("user.id", AttributeValues.typed(info.user()));
            }
            if (info.session() != null) {
                out.putIfAbsent("session.id", AttributeValues.typed(info.session()));
            }
            // MLflow's own exporter sends tags as plain strings under this prefix and restores them as tags.
            info.tags().forEach((k, v) -> out.putIfAbsent("mlflow.traceTag." + k, AttributeValues.typed(v)));
        }
        return out;
    }

    private static Map<String, Object> exceptionAttributes(Span s) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        s.attribute("error.type").ifPresent(t -> attributes.put("exception.type", String.valueOf(t)));
        attributes.put("exception.message", s.statusMessage() == null ? "error" : s.statusMessage());
        return attributes;
    }

    private static io.opentelemetry.proto.trace.v1.Span.Event event(
            String name, long timeNanos, Map<String, Object> attributes) {
        var e = io.opentelemetry.proto.trace.v1.Span.Event.newBuilder()
                .setName(name)
                .setTimeUnixNano(timeNanos);
        attributes.forEach((k, v) -> e.addAttributes(AttributeValues.typedKeyValue(k, v)));
        return e.build();
    }

    private static Status status(Span s) {
        return switch (s.status()) {
            case OK ->
                Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK).build();
            case ERROR ->
                Status.newBuilder()
                        .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                        .setMessage(s.statusMessage() == null ? "" : s.statusMessage())
                        .build();
            case UNSET -> Status.getDefaultInstance();
        };
    }

    private static SpanType type(Span s) {
        return s.type() == null ? SpanType.UNKNOWN : s.type();
    }

    static io.opentelemetry.proto.trace.v1.Span.SpanKind kind(SpanType type) {
        return switch (type == null ? SpanType.UNKNOWN : type) {
            case CHAT_MODEL, LLM, EMBEDDING -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
            default -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL;
        };
    }

    // OTel GenAI's operation names, which Langfuse and Phoenix key their model-call views on.
    private static String operationName(SpanType type) {
        return switch (type) {
            case CHAT_MODEL, LLM -> "chat";
            case EMBEDDING -> "embeddings";
            case TOOL -> "execute_tool";
            case AGENT -> "invoke_agent";
            default -> null;
        };
    }

    static ByteString traceIdBytes(String traceId) {
        String hex = traceId != null && traceId.startsWith("tr-") ? traceId.substring(3) : traceId;
        return idBytes(hex, 16, "trace id");
    }

    static ByteString idBytes(String hex, int bytes, String what) {
        if (hex == null || hex.length() != bytes * 2) {
            throw new IllegalArgumentException("The " + what + " '" + hex + "' is not " + bytes * 2 + " hex digits");
        }
        try {
            return ByteString.copyFrom(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The " + what + " '" + hex + "' is not hex", e);
        }
    }
}
