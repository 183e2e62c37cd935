package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Crafted runs for the comparison tests: rows with chosen feedbacks, outputs, latencies and costs. */
final class ComparisonRuns {
    static final String SAME_DATASET = "ab".repeat(32);

    private ComparisonRuns() {}

    static EvalRun run(String id, String name, String fingerprint, int rows) {
        return EvalRun.builder()
                .runId(id)
                .name(name)
                .status(EvalStatus.FINISHED)
                .datasetFingerprint(fingerprint)
                .rowCount(rows)
                .model(Optional.of("mock/" + name))
                .promptVersion(Optional.empty())
                .scorers(List.of())
                .judgeModel(Optional.empty())
                .startedAt(Instant.parse("2026-05-01T10:00:00Z"))
                .endedAt(Optional.of(Instant.parse("2026-05-01T10:01:00Z")))
                .appUsage(EvalUsage.ZERO)
                .judgeUsage(EvalUsage.ZERO)
                .judgeCalls(0)
                .judgeCacheHits(0)
                .params(Map.of("seed", "11"))
                .tags(Map.of())
                .build();
    }

    static EvaluationResult result(String id, String name, List<RowResult> rows) {
        return EvaluationResult.of(run(id, name, SAME_DATASET, rows.size()), rows);
    }

    static RowResult row(int index, Object output, Feedback... feedbacks) {
        return row(index, Map.of("question", "q" + index), output, feedbacks);
    }

    static RowResult row(int index, Map<String, Object> inputs, Object output, Feedback... feedbacks) {
        return new RowResult(
                index,
                inputs,
                Optional.ofNullable(output),
                Map.of(),
                Optional.empty(),
                Arrays.asList(feedbacks),
                Optional.empty(),
                Duration.ZERO,
                EvalUsage.ZERO,
                EvalUsage.ZERO);
    }

    static RowResult timed(RowResult row, long latencyMillis, String costUsd) {
        return new RowResult(
                row.index(),
                row.inputs(),
                row.outputs(),
                row.expectations(),
                row.traceId(),
                row.feedbacks(),
                row.error(),
                Duration.ofMillis(latencyMillis),
                new EvalUsage(100, 20, new BigDecimal(costUsd)),
                row.judgeUsage());
    }

    static RowResult failed(RowResult row, String error) {
        return new RowResult(
                row.index(),
                row.inputs(),
                Optional.empty(),
                row.expectations(),
                row.traceId(),
                row.feedbacks(),
                Optional.of(error),
                row.latency(),
                row.usage(),
                row.judgeUsage());
    }

    static Feedback verdict(String name, boolean pass) {
        return Feedback.of(name, pass ? "yes" : "no", pass ? "holds" : "does not hold", "LLM_JUDGE:mock/judge");
    }

    static Feedback number(String name, double value) {
        return Feedback.of(name, value, "", "CODE:" + name);
    }

    /** Rows with one numeric assessment {@code name}: baseline values and candidate values, paired by index. */
    static EvaluationResult[] numericRuns(String name, double[] baseline, double[] candidate) {
        List<RowResult> b = new ArrayList<>();
        List<RowResult> c = new ArrayList<>();
        for (int i = 0; i < baseline.length; i++) {
            b.add(row(i, "b" + i, number(name, baseline[i])));
            c.add(row(i, "c" + i, number(name, candidate[i])));
        }
        return new EvaluationResult[] {result("er-base", "base", b), result("er-cand", "cand", c)};
    }
}
