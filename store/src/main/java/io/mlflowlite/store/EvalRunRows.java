package io.mlflowlite.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.eval.EvalJson;
import io.mlflowlite.eval.EvalRun;
import io.mlflowlite.eval.EvalRunStoreException;
import io.mlflowlite.eval.EvalStatus;
import io.mlflowlite.eval.EvalUsage;
import io.mlflowlite.eval.RowResult;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

/**
 * How {@link EvalRun}s and {@link RowResult}s are laid out in the {@code eval_runs} and {@code eval_rows} columns
 * (schema V5), both ways. JSON columns use {@link EvalJson}'s shapes, so a stored value reads back equal. Stateless.
 */
final class EvalRunRows {
    static final String RUN_COLUMNS = "run_id, name, status, dataset_fingerprint, row_count, model, prompt_version, "
            + "judge_model, scorers, started_at, ended_at, app_input_tokens, app_output_tokens, app_cost, "
            + "judge_input_tokens, judge_output_tokens, judge_cost, judge_calls, judge_cache_hits, params, tags";

    static final String UPSERT_RUN = "INSERT INTO eval_runs (" + RUN_COLUMNS + ") VALUES (:run_id, :name, :status, "
            + ":dataset_fingerprint, :row_count, :model, :prompt_version, :judge_model, :scorers, :started_at, "
            + ":ended_at, :app_input_tokens, :app_output_tokens, :app_cost, :judge_input_tokens, "
            + ":judge_output_tokens, :judge_cost, :judge_calls, :judge_cache_hits, :params, :tags) "
            + "ON CONFLICT (run_id) DO UPDATE SET " + updates(RUN_COLUMNS, "run_id");

    static final String ROW_COLUMNS = "run_id, row_index, trace_id, inputs, outputs, expectations, feedbacks, error, "
            + "latency_nanos, input_tokens, output_tokens, cost, judge_input_tokens, judge_output_tokens, judge_cost";

    static final String UPSERT_ROW = "INSERT INTO eval_rows (" + ROW_COLUMNS + ") VALUES (:run_id, :row_index, "
            + ":trace_id, :inputs, :outputs, :expectations, :feedbacks, :error, :latency_nanos, :input_tokens, "
            + ":output_tokens, :cost, :judge_input_tokens, :judge_output_tokens, :judge_cost) "
            + "ON CONFLICT (run_id, row_index) DO UPDATE SET " + updates(ROW_COLUMNS, "run_id", "row_index");

    private EvalRunRows() {}

    /** {@code a = excluded.a, b = excluded.b …} for every column but the key's. */
    private static String updates(String columns, String... key) {
        List<String> keys = List.of(key);
        List<String> sets = new ArrayList<>();
        for (String column : columns.split(",\\s*")) {
            if (!keys.contains(column)) {
                sets.add(column + " = excluded." + column);
            }
        }
        return String.join(", ", sets);
    }

    static Update bindRun(Update update, Dialect dialect, EvalRun run) {
        ArrayNode scorers = Json.array();
        run.scorers().forEach(scorers::add);
        return update.bind("run_id", run.runId())
                .bind("name", TraceRow.text(run.name()))
                .bind("status", run.status().name())
                .bind("dataset_fingerprint", run.datasetFingerprint())
                .bind("row_count", run.rowCount())
                .bind("model", TraceRow.text(run.model().orElse(null)))
                .bind("prompt_version", TraceRow.text(run.promptVersion().orElse(null)))
                .bind("judge_model", TraceRow.text(run.judgeModel().orElse(null)))
                .bind("scorers", scorers.toString())
                .bind("started_at", nanos(run.startedAt()))
                .bind("ended_at", run.endedAt().map(EvalRunRows::nanos).orElse(null))
                .bind("app_input_tokens", run.appUsage().inputTokens())
                .bind("app_output_tokens", run.appUsage().outputTokens())
                .bind("app_cost", dialect.decimal(run.appUsage().costUsd()))
                .bind("judge_input_tokens", run.judgeUsage().inputTokens())
                .bind("judge_output_tokens", run.judgeUsage().outputTokens())
                .bind("judge_cost", dialect.decimal(run.judgeUsage().costUsd()))
                .bind("judge_calls", run.judgeCalls())
                .bind("judge_cache_hits", run.judgeCacheHits())
                .bind("params", Json.tree(run.params()).toString())
                .bind("tags", Json.tree(run.tags()).toString());
    }

    static void addRow(PreparedBatch batch, Dialect dialect, String runId, RowResult row) {
        ArrayNode feedbacks = Json.array();
        row.feedbacks().forEach(f -> feedbacks.add(EvalJson.feedback(f)));
        batch.bind("run_id", runId)
                .bind("row_index", row.index())
                .bind("trace_id", row.traceId().orElse(null))
                .bind("inputs", Json.tree(row.inputs()).toString())
                .bind("outputs", row.outputs().map(o -> Json.tree(o).toString()).orElse(null))
                .bind("expectations", Json.tree(row.expectations()).toString())
                .bind("feedbacks", feedbacks.toString())
                .bind("error", TraceRow.text(row.error().orElse(null)))
                .bind("latency_nanos", row.latency().toNanos())
                .bind("input_tokens", row.usage().inputTokens())
                .bind("output_tokens", row.usage().outputTokens())
                .bind("cost", dialect.decimal(row.usage().costUsd()))
                .bind("judge_input_tokens", row.judgeUsage().inputTokens())
                .bind("judge_output_tokens", row.judgeUsage().outputTokens())
                .bind("judge_cost", dialect.decimal(row.judgeUsage().costUsd()))
                .add();
    }

    static EvalRun run(ResultSet rs) throws SQLException {
        String runId = rs.getString("run_id");
        List<String> scorers = new ArrayList<>();
        json(rs.getString("scorers"), runId).forEach(s -> scorers.add(s.asText()));
        long ended = rs.getLong("ended_at");
        Optional<Instant> endedAt = rs.wasNull() ? Optional.empty() : Optional.of(instant(ended));
        return EvalRun.builder()
                .runId(runId)
                .name(rs.getString("name"))
                .status(EvalStatus.valueOf(rs.getString("status")))
                .datasetFingerprint(rs.getString("dataset_fingerprint"))
                .rowCount(rs.getInt("row_count"))
                .model(Optional.ofNullable(rs.getString("model")))
                .promptVersion(Optional.ofNullable(rs.getString("prompt_version")))
                .scorers(scorers)
                .judgeModel(Optional.ofNullable(rs.getString("judge_model")))
                .startedAt(instant(rs.getLong("started_at")))
                .endedAt(endedAt)
                .appUsage(usage(rs, "app_input_tokens", "app_output_tokens", "app_cost"))
                .judgeUsage(usage(rs, "judge_input_tokens", "judge_output_tokens", "judge_cost"))
                .judgeCalls(rs.getLong("judge_calls"))
                .judgeCacheHits(rs.getLong("judge_cache_hits"))
                .params(strings(json(rs.getString("params"), runId)))
                .tags(strings(json(rs.getString("tags"), runId)))
                .build();
    }

    static RowResult row(ResultSet rs) throws SQLException {
        String runId = rs.getString("run_id");
        List<Feedback> feedbacks = new ArrayList<>();
        json(rs.getString("feedbacks"), runId).forEach(f -> feedbacks.add(EvalJson.readFeedback(f)));
        String outputs = rs.getString("outputs");
        return new RowResult(
                rs.getInt("row_index"),
                EvalJson.map(json(rs.getString("inputs"), runId)),
                outputs == null ? Optional.empty() : Optional.of(EvalJson.value(json(outputs, runId))),
                EvalJson.map(json(rs.getString("expectations"), runId)),
                Optional.ofNullable(rs.getString("trace_id")),
                feedbacks,
                Optional.ofNullable(rs.getString("error")),
                Duration.ofNanos(rs.getLong("latency_nanos")),
                usage(rs, "input_tokens", "output_tokens", "cost"),
                usage(rs, "judge_input_tokens", "judge_output_tokens", "judge_cost"));
    }

    /** Epoch nanoseconds: exact for instants between 1677 and 2262, which covers every run's clock. */
    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static EvalUsage usage(ResultSet rs, String input, String output, String cost) throws SQLException {
        // getString, not getBigDecimal: SQLite holds the decimal as TEXT, PostgreSQL's NUMERIC prints exactly
        return new EvalUsage(rs.getLong(input), rs.getLong(output), new BigDecimal(rs.getString(cost)));
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static JsonNode json(String text, String runId) {
        try {
            return Json.read(text);
        } catch (RuntimeException e) {
            throw new EvalRunStoreException(
                    "Evaluation run '" + runId + "' has malformed JSON in the store (" + e.getMessage() + ")", e);
        }
    }
}
