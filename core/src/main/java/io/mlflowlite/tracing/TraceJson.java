package io.mlflowlite.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces as JSON and back, losslessly: the spill file, {@code traces export --format jsonl} and the stores'
 * JSON columns all use this one format, as trees here and as text ({@link #toText}, {@link Span#inputsJson()} …)
 * written without trees. Thread-safe.
 */
public final class TraceJson {
    private TraceJson() {}

    public static ObjectNode toJson(Trace trace) {
        ObjectNode root = Json.object();
        root.set("info", infoJson(trace.info()));
        ArrayNode spans = root.putArray("spans");
        trace.spans().forEach(s -> spans.add(spanJson(s)));
        return root;
    }

    /**
     * {@link #toJson} as text, exactly that tree's text, written without building the spans' trees: their
     * inputs, outputs and attributes go in as the text the spans hold ({@link Span#inputsJson()} …).
     */
    public static String toText(Trace trace) {
        return JsonText.trace(trace);
    }

    /** A map of strings (metadata) as the text of a JSON object, exactly as its tree writes it. */
    public static String stringsText(Map<String, String> values) {
        return JsonText.strings(values);
    }

    /** {@code node} as text, exactly as {@link JsonNode#toString()} writes it, with less work. */
    public static String valueText(JsonNode node) {
        return JsonText.node(node);
    }

    public static Trace fromJson(JsonNode node) {
        List<Span> spans = new ArrayList<>();
        node.path("spans").forEach(s -> spans.add(span(s)));
        return new Trace(info(node.path("info")), spans);
    }

    public static ObjectNode infoJson(TraceInfo info) {
        ObjectNode n = Json.object();
        n.put("trace_id", info.traceId());
        n.put("experiment", info.experiment());
        n.put("start_time_unix_nano", epochNanos(info.startTime()));
        n.put("duration_nanos", info.duration().toNanos());
        n.put("state", info.state().name());
        n.put("request_preview", info.requestPreview());
        n.put("response_preview", info.responsePreview());
        n.put("model", info.model());
        n.put("input_tokens", info.inputTokens());
        n.put("output_tokens", info.outputTokens());
        n.put("cost", info.cost().toPlainString());
        n.put("user", info.user());
        n.put("session", info.session());
        n.set("tags", Json.tree(info.tags()));
        n.set("metadata", Json.tree(info.metadata()));
        if (!info.assessments().isEmpty()) {
            ArrayNode assessments = n.putArray("assessments");
            info.assessments().forEach(a -> assessments.add(assessmentJson(a)));
        }
        return n;
    }

    /**
     * An assessment: {@code assessment_id}, {@code trace_id}, {@code name}, {@code value} (a JSON boolean, number
     * or string; null unless the status is {@code OK}), {@code rationale}, {@code source}, {@code status},
     * {@code metadata}, {@code create_time_unix_nano}.
     */
    public static ObjectNode assessmentJson(Assessment a) {
        Feedback f = a.feedback();
        ObjectNode n = Json.object();
        n.put("assessment_id", a.assessmentId());
        n.put("trace_id", a.traceId());
        n.put("name", f.name());
        n.set("value", feedbackValueJson(f.value()));
        n.put("rationale", f.rationale());
        n.put("source", f.source());
        n.put("status", f.status().name());
        n.set("metadata", Json.tree(f.metadata()));
        n.put("create_time_unix_nano", epochNanos(a.createdAt()));
        return n;
    }

    /** Reads {@link #assessmentJson}. */
    public static Assessment assessment(JsonNode n) {
        Feedback f = new Feedback(
                Json.text(n, "name"),
                feedbackValue(n.path("value")),
                Json.text(n, "rationale"),
                Json.text(n, "source"),
                Feedback.Status.valueOf(n.path("status").asText("OK")),
                strings(n.path("metadata")));
        return new Assessment(
                Json.text(n, "assessment_id"),
                Json.text(n, "trace_id"),
                f,
                instant(n.path("create_time_unix_nano").asLong()));
    }

    /** A feedback value as JSON: a boolean, number or string node, or null. */
    public static JsonNode feedbackValueJson(Object value) {
        return switch (value) {
            case null -> com.fasterxml.jackson.databind.node.NullNode.getInstance();
            case Boolean b -> com.fasterxml.jackson.databind.node.BooleanNode.valueOf(b);
            case BigDecimal d -> Json.MAPPER.getNodeFactory().numberNode(d);
            case Number num -> Json.MAPPER.getNodeFactory().numberNode(new BigDecimal(num.toString()));
            default -> com.fasterxml.jackson.databind.node.TextNode.valueOf(value.toString());
        };
    }

    /** A feedback value from JSON: Boolean, a Number (exact), String, or null for null or a missing node. */
    public static Object feedbackValue(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        throw new IllegalArgumentException(
                "A feedback value must be a boolean, a number or a string, not " + Json.abbreviate(n.toString()));
    }

    public static TraceInfo info(JsonNode n) {
        return TraceInfo.builder()
                .traceId(Json.text(n, "trace_id"))
                .experiment(Json.text(n, "experiment"))
                .startTime(instant(n.path("start_time_unix_nano").asLong()))
                .duration(Duration.ofNanos(n.path("duration_nanos").asLong()))
                .state(TraceState.valueOf(n.path("state").asText("OK")))
                .requestPreview(Json.text(n, "request_preview"))
                .responsePreview(Json.text(n, "response_preview"))
                .model(Json.text(n, "model"))
                .inputTokens(n.path("input_tokens").asLong())
                .outputTokens(n.path("output_tokens").asLong())
                .cost(new BigDecimal(n.path("cost").asText("0")))
                .user(Json.text(n, "user"))
                .session(Json.text(n, "session"))
                .tags(strings(n.path("tags")))
                .metadata(strings(n.path("metadata")))
                .assessments(assessments(n.path("assessments")))
                .build();
    }

    public static ObjectNode spanJson(Span s) {
        ObjectNode n = Json.object();
        n.put("trace_id", s.traceId());
        n.put("span_id", s.spanId());
        n.put("parent_span_id", s.parentId());
        n.put("name", s.name());
        n.put("span_type", s.type().name());
        n.put("start_time_unix_nano", s.startNanos());
        n.put("end_time_unix_nano", s.endNanos());
        n.put("status", s.status().name());
        n.put("status_message", s.statusMessage());
        n.set("inputs", s.inputs());
        n.set("outputs", s.outputs());
        n.set("attributes", attributesJson(s.attributes()));
        ArrayNode events = n.putArray("events");
        for (SpanEvent e : s.events()) {
            ObjectNode event = events.addObject();
            event.put("name", e.name());
            event.put("time_unix_nano", e.timeNanos());
            event.set("attributes", attributesJson(e.attributes()));
        }
        return n;
    }

    public static Span span(JsonNode n) {
        List<SpanEvent> events = new ArrayList<>();
        n.path("events")
                .forEach(e -> events.add(new SpanEvent(
                        Json.text(e, "name"), e.path("time_unix_nano").asLong(), attributes(e.path("attributes")))));
        return Span.builder()
                .traceId(Json.text(n, "trace_id"))
                .spanId(Json.text(n, "span_id"))
                .parentId(Json.text(n, "parent_span_id"))
                .name(Json.text(n, "name"))
                .type(SpanType.valueOf(n.path("span_type").asText("UNKNOWN")))
                .startNanos(n.path("start_time_unix_nano").asLong())
                .endNanos(n.path("end_time_unix_nano").asLong())
                .status(SpanStatus.valueOf(n.path("status").asText("UNSET")))
                .statusMessage(Json.text(n, "status_message"))
                .inputs(nullable(n.get("inputs")))
                .outputs(nullable(n.get("outputs")))
                .attributes(attributes(n.path("attributes")))
                .events(events)
                .build();
    }

    /** Attribute values as JSON: strings, numbers and booleans as themselves, JSON trees as trees. */
    public static ObjectNode attributesJson(Map<String, Object> attributes) {
        ObjectNode n = Json.object();
        attributes.forEach((k, v) -> n.set(k, Json.tree(v)));
        return n;
    }

    /** The inverse of {@link #attributesJson}: text to String, integers to Long, decimals to Double. */
    public static Map<String, Object> attributes(JsonNode n) {
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            Object value = v.isTextual()
                    ? v.asText()
                    : v.isIntegralNumber()
                            ? (Object) v.asLong()
                            : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean() : v;
            map.put(f.getKey(), value);
        }
        return map;
    }

    private static List<Assessment> assessments(JsonNode n) {
        List<Assessment> all = new ArrayList<>();
        n.forEach(a -> all.add(assessment(a)));
        return all;
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> map = new LinkedHashMap<>();
        n.fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue().asText()));
        return map;
    }

    private static JsonNode nullable(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    public static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    public static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(
                Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
