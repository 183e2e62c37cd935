package io.mlflowlite.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A run and its rows, in dataset order: aggregate it ({@link #aggregateScores()}), read it row by row, export it
 * ({@link #toJson()}), gate a build on it ({@link EvalAssertions}). Results returned by an {@link Evaluation} can
 * be resumed to fill what failed; results read from a store are plain values. Immutable and thread-safe.
 */
public final class EvaluationResult {
    /** Run parameter holding the bootstrap seed. */
    public static final String SEED_PARAM = "seed";
    /** Run parameter holding the bootstrap resample count. */
    public static final String RESAMPLES_PARAM = "bootstrap_resamples";

    private final EvalRun run;
    private final List<RowResult> rows;
    private final Evaluation origin;
    private volatile AggregateScores aggregates;

    EvaluationResult(EvalRun run, List<RowResult> rows, Evaluation origin) {
        this.run = Objects.requireNonNull(run, "run");
        List<RowResult> ordered = new ArrayList<>(rows);
        ordered.sort(java.util.Comparator.comparingInt(RowResult::index));
        this.rows = List.copyOf(ordered);
        this.origin = origin;
    }

    /** A result from stored values (rows in any order; they are sorted by index). */
    public static EvaluationResult of(EvalRun run, List<RowResult> rows) {
        return new EvaluationResult(run, rows, null);
    }

    /** The run's header: ids, settings, timings, usage. */
    public EvalRun run() {
        return run;
    }

    /** Every row, by index. */
    public List<RowResult> rows() {
        return rows;
    }

    /** The row at dataset position {@code index}. */
    public RowResult row(int index) {
        for (RowResult row : rows) {
            if (row.index() == index) {
                return row;
            }
        }
        throw new IndexOutOfBoundsException(
                "no row " + index + " in run " + run.runId() + " (" + rows.size() + " rows)");
    }

    /** Whether any prediction failed or any feedback is in error. */
    public boolean hasErrors() {
        return rows.stream().anyMatch(RowResult::hasErrors);
    }

    /** Rows whose prediction failed or with a feedback in error. */
    public List<RowResult> rowsWithErrors() {
        return rows.stream().filter(RowResult::hasErrors).toList();
    }

    /**
     * Per assessment: count, skipped, errors, mean or pass rate with its 95 % bootstrap interval, seeded by the
     * run's seed ({@value #SEED_PARAM} parameter, 0 when absent). Computed once.
     */
    public AggregateScores aggregateScores() {
        AggregateScores computed = aggregates;
        if (computed == null) {
            computed = AggregateScores.of(rows, seed(), resamples(), Bootstrap.DEFAULT_LEVEL);
            aggregates = computed;
        }
        return computed;
    }

    /**
     * Redoes what failed (rows whose prediction failed, feedbacks in error or skipped by the cost cap) with the
     * evaluation that produced this result, and returns the merged result. See {@link Evaluation#resume}.
     *
     * @throws IllegalStateException for a result read from a store or JSON: build the evaluation again (same data,
     *                               predictFn, scorers) and call {@code evaluation.resume(result)}
     */
    public EvaluationResult resume() {
        if (origin == null) {
            throw new IllegalStateException("This result of run " + run.runId() + " was read back, not produced by an "
                    + "Evaluation in this process: build the Evaluation (same data, predictFn and scorers) and call "
                    + "evaluation.resume(result)");
        }
        return origin.resume(this);
    }

    long seed() {
        try {
            return Long.parseLong(run.params().getOrDefault(SEED_PARAM, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    int resamples() {
        try {
            return Integer.parseInt(
                    run.params().getOrDefault(RESAMPLES_PARAM, Integer.toString(Bootstrap.DEFAULT_RESAMPLES)));
        } catch (NumberFormatException e) {
            return Bootstrap.DEFAULT_RESAMPLES;
        }
    }

    /**
     * A readable terminal table: the run (name, id, status, model, judge — marked when judging was offline — and
     * app vs judge usage), one line per row (inputs, outputs, each feedback's value, latency, tokens, cost, error;
     * long text cut with an ellipsis), the aggregates, and the errors a resume would redo.
     */
    public String toTable() {
        return ResultText.table(this);
    }

    /**
     * CSV (RFC 4180, CRLF line ends): one line per row with its trace id, inputs/expectations as JSON, outputs,
     * error, latency, tokens, cost and judge cost, then {@code <name>}, {@code <name>.rationale},
     * {@code <name>.status} ({@code ok}, {@code skipped}, {@code error}) and {@code <name>.source} per feedback.
     */
    public String toCsv() {
        return ResultText.csv(this);
    }

    /**
     * {@code {"run": {…}, "aggregates": {name: {kind, count, skipped, errors, mean, ci_lower, ci_upper}}, "rows": […]}};
     * {@link #fromJson(String)} reads it back.
     */
    public String toJson() {
        ObjectNode root = Json.object();
        root.set("run", EvalJson.run(run));
        ObjectNode aggregatesJson = root.putObject("aggregates");
        for (ScoreSummary s : aggregateScores().all()) {
            ObjectNode a = aggregatesJson.putObject(s.name());
            a.put("kind", s.kind().name())
                    .put("count", s.count())
                    .put("skipped", s.skipped())
                    .put("errors", s.errors());
            if (s.mean().isPresent()) {
                a.put("mean", s.mean().getAsDouble());
            }
            s.interval()
                    .ifPresent(i -> a.put("ci_lower", i.lower())
                            .put("ci_upper", i.upper())
                            .put("ci_level", i.level()));
            a.set("value_counts", Json.tree(s.valueCounts()));
        }
        ArrayNode rowsJson = root.putArray("rows");
        rows.forEach(r -> rowsJson.add(EvalJson.row(r)));
        return root.toPrettyString();
    }

    /** Reads {@link #toJson()} back (aggregates are recomputed, not read). */
    public static EvaluationResult fromJson(String json) {
        JsonNode root = Json.read(json);
        List<RowResult> rows = new ArrayList<>();
        root.path("rows").forEach(r -> rows.add(EvalJson.readRow(r)));
        return of(EvalJson.readRun(root.path("run")), rows);
    }

    @Override
    public String toString() {
        return "EvaluationResult{run=" + run.runId() + " '" + run.name() + "', " + run.status() + ", " + rows.size()
                + " rows" + (hasErrors() ? ", with errors" : "") + "}";
    }
}
