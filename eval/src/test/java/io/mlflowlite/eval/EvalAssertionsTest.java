package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.Feedback;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CI gate: thresholds on pass rates, means and interval bounds, and no errors. */
class EvalAssertionsTest {
    private static EvaluationResult result(List<List<Feedback>> rows, List<String> errors) {
        List<RowResult> out = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            out.add(new RowResult(
                    i,
                    Map.of("question", "q" + i),
                    Optional.of("a" + i),
                    Map.of(),
                    Optional.empty(),
                    rows.get(i),
                    Optional.ofNullable(errors.get(i)),
                    Duration.ZERO,
                    EvalUsage.ZERO,
                    EvalUsage.ZERO));
        }
        EvalRun run = EvalRun.builder()
                .runId("er-1")
                .name("gate")
                .status(EvalStatus.FINISHED)
                .datasetFingerprint("f".repeat(64))
                .rowCount(rows.size())
                .model(null)
                .promptVersion(null)
                .scorers(List.of())
                .judgeModel(null)
                .startedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .endedAt(null)
                .appUsage(null)
                .judgeUsage(null)
                .judgeCalls(0)
                .judgeCacheHits(0)
                .params(Map.of())
                .tags(Map.of())
                .build();
        return EvaluationResult.of(run, out);
    }

    private static final EvaluationResult GOOD = result(
            List.of(
                    List.of(
                            Feedback.of("correctness", "yes", "", "j"),
                            Feedback.of("latency", new BigDecimal("1.5"), "", "c")),
                    List.of(
                            Feedback.of("correctness", "yes", "", "j"),
                            Feedback.of("latency", new BigDecimal("2.5"), "", "c")),
                    List.of(Feedback.of("correctness", "no", "wrong city", "j"), Feedback.of("latency", 2, "", "c")),
                    List.of(Feedback.of("correctness", "yes", "", "j"), Feedback.of("latency", 2, "", "c"))),
            java.util.Arrays.asList(null, null, null, null));

    @Test
    void passingThresholdsChain() {
        EvalAssertions.assertThat(GOOD)
                .noErrors()
                .passRate("correctness")
                .isAtLeast(0.75)
                .passRate("correctness")
                .isBetween(0.7, 0.8)
                .mean("latency")
                .isAtMost(2.0)
                .mean("correctness")
                .isAtLeast(0.75)
                .passRate("correctness")
                .lowerBoundIsAtLeast(0.0)
                .mean("latency")
                .upperBoundIsAtMost(2.5);
    }

    @Test
    void aMissedThresholdSaysWhatWasMeasuredAndWhichRowsFailed() {
        assertThatThrownBy(() ->
                        EvalAssertions.assertThat(GOOD).passRate("correctness").isAtLeast(0.9))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected pass rate of correctness ≥ 0.9 but pass rate was 0.75 (n=4, 95% CI [")
                .hasMessageContaining("0 skipped, 0 errors) in run er-1 'gate'")
                .hasMessageContaining("failing rows:\n  row 2 (q2): no — wrong city");
        assertThatThrownBy(() -> EvalAssertions.assertThat(GOOD).mean("latency").isAtMost(1.9))
                .hasMessageStartingWith("Expected mean of latency ≤ 1.9 but mean was 2 (n=4");
        assertThatThrownBy(() ->
                        EvalAssertions.assertThat(GOOD).passRate("correctness").lowerBoundIsAtLeast(0.7))
                .hasMessageStartingWith("Expected pass rate of correctness with its 95% CI lower bound ≥ 0.7");
    }

    @Test
    void wrongNamesAndKindsAreClearFailures() {
        assertThatThrownBy(() -> EvalAssertions.assertThat(GOOD).passRate("corectness"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("No assessment named 'corectness' in run er-1 'gate'; it has correctness, latency");
        assertThatThrownBy(() -> EvalAssertions.assertThat(GOOD).passRate("latency"))
                .hasMessage("latency in run er-1 'gate' has numeric values, not verdicts; use mean(\"latency\")");
    }

    @Test
    void errorsAndAllSkippedRowsFailTheGate() {
        EvaluationResult broken = result(
                List.of(
                        List.of(Feedback.error("correctness", "j", "judge answered invalid JSON twice")),
                        List.of(Feedback.error("correctness", null, "not scored: the prediction failed")),
                        List.of(Feedback.skippedNeeds("faithfulness", "j", "expectations.context"))),
                java.util.Arrays.asList(null, "IllegalStateException: down", null));

        assertThatThrownBy(() -> EvalAssertions.assertThat(broken).noErrors())
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected no errors in run er-1 'gate' but found 2:\n"
                        + "  row 0 correctness: error: judge answered invalid JSON twice\n"
                        + "  row 1: prediction failed: IllegalStateException: down");
        assertThatThrownBy(() -> EvalAssertions.assertThat(broken)
                        .passRate("faithfulness")
                        .isAtLeast(0.5))
                .hasMessageContaining("no row has a value (1 skipped, 0 errors)");
        assertThat(broken.hasErrors()).isTrue();
    }
}
