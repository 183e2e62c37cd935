package io.mlflowlite.tracing;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace whose spans are still being recorded. It is recorded (handed to {@link Tracing}) once its root span
 * and every span under it have ended, so a stream that outlives its caller's span is still included.
 * Thread-safe.
 */
final class InFlightTrace {
    static final int PREVIEW_LENGTH = 1000;
    private static final JsonPointer FIRST_ANSWER = JsonPointer.compile("/choices/0/message/content");

    private final Tracing tracing;
    private final String traceId = Ids.traceId();
    private final String experiment;
    private final List<Span> spans = new ArrayList<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String rootSpanId;
    private int open;
    private boolean rootEnded;
    private long inputTokens;
    private long outputTokens;
    private BigDecimal cost = BigDecimal.ZERO;
    private String model;
    /** The first model asked for: the trace's model when no call answered (it failed before any provider did). */
    private String requestedModel;

    private String user;
    private String session;

    InFlightTrace(Tracing tracing, String experiment) {
        this.tracing = tracing;
        this.experiment = experiment;
    }

    /** MLflow's trace tag naming the prompt versions a trace used. */
    static final String LINKED_PROMPTS = "mlflow.linkedPrompts";

    String traceId() {
        return traceId;
    }

    synchronized ActiveSpan newSpan(String name, SpanType type, String parentId) {
        String spanId = Ids.spanId();
        if (parentId == null) {
            rootSpanId = spanId;
        }
        open++;
        return new ActiveSpan(this, spanId, parentId, name, type, EpochClock.now());
    }

    /** A span that already happened (an attempt reconstructed after the fact). */
    synchronized void addFinished(Span span) {
        spans.add(span);
    }

    synchronized void addUsage(long in, long out, BigDecimal callCost, String callModel) {
        inputTokens += in;
        outputTokens += out;
        cost = cost.add(callCost == null ? BigDecimal.ZERO : callCost);
        if (model == null) {
            model = callModel;
        }
    }

    synchronized void requested(String requested) {
        if (requestedModel == null) {
            requestedModel = requested;
        }
    }

    synchronized void tag(String key, String value) {
        tags.put(key, value);
    }

    /**
     * Adds prompt versions (MLflow's {@code mlflow.linkedPrompts} JSON array of {name, version}) to the trace's
     * tag, keeping those already linked: an agent's several calls in one trace may each render a prompt.
     */
    synchronized void linkPrompts(String json) {
        String before = tags.get(LINKED_PROMPTS);
        if (before == null) {
            tags.put(LINKED_PROMPTS, json);
            return;
        }
        try {
            var merged = (com.fasterxml.jackson.databind.node.ArrayNode) Json.MAPPER.readTree(before);
            for (JsonNode linked : Json.MAPPER.readTree(json)) {
                boolean known = false;
                for (JsonNode m : merged) {
                    known |= m.equals(linked);
                }
                if (!known) {
                    merged.add(linked);
                }
            }
            tags.put(LINKED_PROMPTS, merged.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
            tags.put(LINKED_PROMPTS, json); // not ours to repair: the newest value wins, as for any tag
        }
    }

    synchronized void user(String value) {
        user = value;
    }

    synchronized void session(String value) {
        session = value;
    }

    void spanEnded(Span span) {
        Trace finished = null;
        synchronized (this) {
            spans.add(span);
            open--;
            if (span.spanId().equals(rootSpanId)) {
                rootEnded = true;
            }
            if (rootEnded && open == 0) {
                finished = build();
            }
        }
        if (finished != null) {
            tracing.record(finished);
        }
    }

    private Trace build() {
        Span root = null;
        for (Span span : spans) {
            if (span.spanId().equals(rootSpanId)) {
                root = span;
                break;
            }
        }
        if (root == null) {
            throw new IllegalStateException("trace " + traceId + " ended without its root span");
        }
        TraceState state = root.status() == SpanStatus.ERROR ? TraceState.ERROR : TraceState.OK;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("mlflow.trace.tokenUsage", tokenUsageJson(inputTokens, outputTokens));
        metadata.put("mlflow.trace.cost", costJson(cost));
        if (user != null) {
            metadata.put("mlflow.trace.user", user);
        }
        if (session != null) {
            metadata.put("mlflow.trace.session", session);
        }
        metadata.put("mlflow.trace_schema.version", "3");
        TraceInfo info = TraceInfo.builder()
                .traceId(traceId)
                .experiment(experiment)
                .startTime(TraceJson.instant(root.startNanos()))
                .duration(Duration.ofNanos(root.endNanos() - root.startNanos()))
                .state(state)
                .requestPreview(requestPreview(root.inputs()))
                .responsePreview(responsePreview(root.outputs()))
                .model(model != null ? model : requestedModel)
                .inputTokens(inputTokens)
                .outputTokens(outputTokens)
                .cost(cost)
                .user(user)
                .session(session)
                .tags(tags)
                .metadata(metadata)
                .build();
        return new Trace(info, spans);
    }

    /**
     * MLflow's {@code mlflow.trace.tokenUsage} value, {@code {"input_tokens":…,"output_tokens":…,"total_tokens":…}},
     * written out directly: the same text as the JSON tree it stands for, without building one per trace.
     */
    static String tokenUsageJson(long in, long out) {
        return "{\"input_tokens\":" + in + ",\"output_tokens\":" + out + ",\"total_tokens\":" + (in + out) + "}";
    }

    /**
     * MLflow's {@code mlflow.trace.cost} value, {@code {"total_cost":…}}: the decimal as a JSON number the way
     * Jackson writes it ({@link BigDecimal#toString()}, so every digit and the scale stay).
     */
    static String costJson(BigDecimal total) {
        return "{\"total_cost\":" + total + "}";
    }

    /** The last user message of a chat request, or the inputs as JSON. */
    static String requestPreview(JsonNode inputs) {
        if (inputs == null) {
            return null;
        }
        JsonNode messages = inputs.path("messages");
        if (messages.isArray()) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if ("user".equals(messages.get(i).path("role").asText())) {
                    return truncate(text(messages.get(i).path("content")));
                }
            }
        }
        return truncate(inputs.isTextual() ? inputs.asText() : inputs.toString());
    }

    /** The first choice's content of a chat response, or the outputs as JSON. */
    static String responsePreview(JsonNode outputs) {
        if (outputs == null) {
            return null;
        }
        JsonNode content = outputs.at(FIRST_ANSWER);
        if (!content.isMissingNode() && !content.isNull()) {
            return truncate(text(content));
        }
        return truncate(outputs.isTextual() ? outputs.asText() : outputs.toString());
    }

    private static String text(JsonNode content) {
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asText("")));
            return text.toString();
        }
        return content.asText();
    }

    private static String truncate(String text) {
        return text.length() <= PREVIEW_LENGTH ? text : text.substring(0, PREVIEW_LENGTH - 1) + "…";
    }
}
