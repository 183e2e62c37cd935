package io.mlflowlite.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shape of runs, rows and feedbacks ({@code snake_case} keys, ISO-8601 instants, exact decimal dollars),
 * both ways: {@code read(write(x))} equals {@code x} for values whose inputs, outputs and expectations are
 * JSON-like (maps, lists, strings, numbers, booleans; numbers read back as {@code Integer}, {@code Long} or
 * {@code BigDecimal}). Used by {@link EvaluationResult#toJson()} and by stores that keep documents. Thread-safe.
 */
public final class EvalJson {
    private EvalJson() {}

    /** A run header as JSON. */
    public static ObjectNode run(EvalRun run) {
        ObjectNode json = Json.object();
        json.put("run_id", run.runId())
                .put("name", run.name())
                .put("status", run.status().name())
                .put("dataset_fingerprint", run.datasetFingerprint())
                .put("row_count", run.rowCount());
        json.put("model", run.model().orElse(null))
                .put("prompt_version", run.promptVersion().orElse(null));
        ArrayNode scorers = json.putArray("scorers");
        run.scorers().forEach(scorers::add);
        json.put("judge_model", run.judgeModel().orElse(null));
        json.put("started_at", run.startedAt().toString())
                .put("ended_at", run.endedAt().map(Instant::toString).orElse(null));
        json.set("app_usage", usage(run.appUsage()));
        json.set("judge_usage", usage(run.judgeUsage()));
        json.put("judge_calls", run.judgeCalls()).put("judge_cache_hits", run.judgeCacheHits());
        json.set("params", Json.tree(run.params()));
        json.set("tags", Json.tree(run.tags()));
        return json;
    }

    /** Reads {@link #run(EvalRun)}'s shape; throws {@link IllegalArgumentException} naming a missing field. */
    public static EvalRun readRun(JsonNode json) {
        List<String> scorers = new ArrayList<>();
        json.path("scorers").forEach(s -> scorers.add(s.asText()));
        return EvalRun.builder()
                .runId(required(json, "run_id"))
                .name(required(json, "name"))
                .status(EvalStatus.valueOf(required(json, "status")))
                .datasetFingerprint(required(json, "dataset_fingerprint"))
                .rowCount(json.path("row_count").asInt())
                .model(optional(json, "model"))
                .promptVersion(optional(json, "prompt_version"))
                .scorers(scorers)
                .judgeModel(optional(json, "judge_model"))
                .startedAt(Instant.parse(required(json, "started_at")))
                .endedAt(optional(json, "ended_at").map(Instant::parse))
                .appUsage(readUsage(json.path("app_usage")))
                .judgeUsage(readUsage(json.path("judge_usage")))
                .judgeCalls(json.path("judge_calls").asLong())
                .judgeCacheHits(json.path("judge_cache_hits").asLong())
                .params(strings(json.path("params")))
                .tags(strings(json.path("tags")))
                .build();
    }

    /** A row as JSON. */
    public static ObjectNode row(RowResult row) {
        ObjectNode json = Json.object();
        json.put("index", row.index());
        json.set("inputs", Json.tree(row.inputs()));
        json.set("outputs", row.outputs().map(Json::tree).orElse(null));
        json.set("expectations", Json.tree(row.expectations()));
        json.put("trace_id", row.traceId().orElse(null));
        ArrayNode feedbacks = json.putArray("feedbacks");
        row.feedbacks().forEach(f -> feedbacks.add(feedback(f)));
        json.put("error", row.error().orElse(null));
        json.put("latency_ms", BigDecimal.valueOf(row.latency().toNanos(), 6));
        json.set("usage", usage(row.usage()));
        json.set("judge_usage", usage(row.judgeUsage()));
        return json;
    }

    /** Reads {@link #row(RowResult)}'s shape. */
    public static RowResult readRow(JsonNode json) {
        List<Feedback> feedbacks = new ArrayList<>();
        json.path("feedbacks").forEach(f -> feedbacks.add(readFeedback(f)));
        JsonNode outputs = json.get("outputs");
        long nanos = json.path("latency_ms").decimalValue().movePointRight(6).longValue();
        return new RowResult(
                json.path("index").asInt(),
                map(json.path("inputs")),
                outputs == null || outputs.isNull() ? Optional.empty() : Optional.of(value(outputs)),
                map(json.path("expectations")),
                optional(json, "trace_id"),
                feedbacks,
                optional(json, "error"),
                Duration.ofNanos(nanos),
                readUsage(json.path("usage")),
                readUsage(json.path("judge_usage")));
    }

    /** A feedback as JSON. */
    public static ObjectNode feedback(Feedback f) {
        ObjectNode json = Json.object();
        json.put("name", f.name());
        json.set("value", f.value() == null ? null : Json.tree(f.value()));
        json.put("rationale", f.rationale())
                .put("source", f.source())
                .put("status", f.status().name());
        json.set("metadata", Json.tree(f.metadata()));
        return json;
    }

    /** Reads {@link #feedback(Feedback)}'s shape. */
    public static Feedback readFeedback(JsonNode json) {
        JsonNode value = json.get("value");
        return new Feedback(
                required(json, "name"),
                value == null || value.isNull() ? null : value(value),
                json.path("rationale").asText(""),
                Json.text(json, "source"),
                Feedback.Status.valueOf(json.path("status").asText("OK")),
                strings(json.path("metadata")));
    }

    /** Usage as {@code {"input_tokens", "output_tokens", "cost_usd"}}. */
    public static ObjectNode usage(EvalUsage usage) {
        return Json.object()
                .put("input_tokens", usage.inputTokens())
                .put("output_tokens", usage.outputTokens())
                .put("cost_usd", usage.costUsd());
    }

    /** Reads {@link #usage(EvalUsage)}'s shape; missing or null is zero. */
    public static EvalUsage readUsage(JsonNode json) {
        if (json == null || json.isMissingNode() || json.isNull()) {
            return EvalUsage.ZERO;
        }
        return new EvalUsage(
                json.path("input_tokens").asLong(),
                json.path("output_tokens").asLong(),
                json.has("cost_usd") ? json.get("cost_usd").decimalValue() : BigDecimal.ZERO);
    }

    /** A JSON value as plain Java: maps, lists, strings, numbers, booleans, null. */
    public static Object value(JsonNode node) {
        try {
            return Json.MAPPER.treeToValue(node, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Unreadable JSON value: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON object as a Java map (empty for a missing node). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(
                    "expected a JSON object, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return (Map<String, Object>) value(node);
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String required(JsonNode json, String field) {
        String value = Json.text(json, field);
        if (value == null) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return value;
    }

    private static Optional<String> optional(JsonNode json, String field) {
        return Optional.ofNullable(Json.text(json, field));
    }
}
