package io.mlflowlite.eval;

import static io.mlflowlite.eval.ComparisonRuns.failed;
import static io.mlflowlite.eval.ComparisonRuns.number;
import static io.mlflowlite.eval.ComparisonRuns.result;
import static io.mlflowlite.eval.ComparisonRuns.row;
import static io.mlflowlite.eval.ComparisonRuns.timed;
import static io.mlflowlite.eval.ComparisonRuns.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlflowlite.chat.Feedback;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Comparing two runs on crafted rows whose deltas, outcomes, latencies and costs are known. */
class EvalComparisonTest {

    @Test
    void passRatesDeltaAndWinsLossesTiesOfCraftedRuns() {
        boolean[] base = {true, true, true, true, true, true, false, false, false, false};
        boolean[] cand = {true, true, false, true, true, true, true, true, false, false};
        List<RowResult> b = new ArrayList<>();
        List<RowResult> c = new ArrayList<>();
        for (int i = 0; i < base.length; i++) {
            b.add(row(i, "b" + i, verdict("correctness", base[i])));
            c.add(row(i, "c" + i, verdict("correctness", cand[i])));
        }

        EvalComparison comparison = EvalComparison.of(result("er-b", "base", b), result("er-c", "cand", c));

        ScorerDelta s = comparison.scorer("correctness");
        assertThat(s.kind()).isEqualTo(ValueKind.BOOLEAN);
        assertThat(s.paired()).isEqualTo(10);
        assertThat(s.baselineMean().getAsDouble()).isCloseTo(0.6, within(1e-12));
        assertThat(s.candidateMean().getAsDouble()).isCloseTo(0.7, within(1e-12));
        assertThat(s.delta().getAsDouble()).isCloseTo(0.1, within(1e-12));
        assertThat(s.wins()).isEqualTo(2);
        assertThat(s.losses()).isEqualTo(1);
        assertThat(s.ties()).isEqualTo(7);
        assertThat(s.excluded()).isZero();
        assertThat(s.deltaInterval().orElseThrow().contains(0.1)).isTrue();
        assertThat(comparison.pairing()).isEqualTo(EvalComparison.Pairing.BY_INDEX);
        assertThat(comparison.regressions())
                .extracting(d -> d.baseline().index())
                .containsExactly(2);
        assertThat(comparison.pairs().get(6).outcome("correctness")).isEqualTo(RowDiff.Outcome.WIN);
    }

    @Test
    void numbersCompareByValueAndLatencyLikeScorersAreBetterLower() {
        List<RowResult> b = List.of(
                row(0, "a", number("similarity", 0.5), number("latency", 1.2)),
                row(1, "a", number("similarity", 0.9), number("latency", 0.8)),
                row(2, "a", number("similarity", 0.7), number("latency", 1.0)));
        List<RowResult> c = List.of(
                row(0, "a", number("similarity", 0.75), number("latency", 0.6)),
                row(1, "a", number("similarity", 0.8), number("latency", 0.9)),
                row(2, "a", number("similarity", 0.7), number("latency", 1.0)));

        EvalComparison comparison = EvalComparison.of(result("er-b", "base", b), result("er-c", "cand", c));

        ScorerDelta similarity = comparison.scorer("similarity");
        assertThat(similarity.kind()).isEqualTo(ValueKind.NUMERIC);
        assertThat(similarity.delta().getAsDouble()).isCloseTo((0.25 - 0.1 + 0) / 3, within(1e-12));
        assertThat(List.of(similarity.wins(), similarity.losses(), similarity.ties()))
                .containsExactly(1, 1, 1);
        ScorerDelta latency = comparison.scorer("latency");
        assertThat(latency.lowerIsBetter()).isTrue();
        assertThat(latency.delta().getAsDouble()).isCloseTo((-0.6 + 0.1 + 0) / 3, within(1e-12));
        assertThat(List.of(latency.wins(), latency.losses(), latency.ties())).containsExactly(1, 1, 1);
        assertThat(comparison.pairs().get(0).outcome("latency")).isEqualTo(RowDiff.Outcome.WIN);
        assertThat(comparison.pairs().get(1).regressedScorers()).containsExactly("similarity", "latency");
        assertThatThrownBy(() -> comparison.scorer("nope")).hasMessageContaining("similarity, latency");
    }

    @Test
    void aFeedbackMarkedLowerIsBetterAndTheBuilderOptionTurnTheDirection() {
        Map<String, String> lower = Map.of(EvalComparison.DIRECTION, "lower");
        List<RowResult> b = List.of(row(
                0, "a", new Feedback("errors_found", 3, "", "CODE:x", Feedback.Status.OK, lower), number("words", 30)));
        List<RowResult> c = List.of(row(
                0, "a", new Feedback("errors_found", 1, "", "CODE:x", Feedback.Status.OK, lower), number("words", 20)));

        EvalComparison byMetadata = EvalComparison.of(result("er-b", "b", b), result("er-c", "c", c));
        EvalComparison byOption = EvalComparison.builder(result("er-b", "b", b), result("er-c", "c", c))
                .lowerIsBetter("words")
                .build();

        assertThat(byMetadata.scorer("errors_found").wins()).isEqualTo(1);
        assertThat(byMetadata.scorer("words").losses()).isEqualTo(1);
        assertThat(byOption.scorer("words").wins()).isEqualTo(1);
    }

    @Test
    void tiesSkipsErrorsAndMissingAssessmentsAreCountedButNotCompared() {
        List<RowResult> b = List.of(
                row(0, "a", verdict("correctness", true)),
                row(1, "a", Feedback.skippedNeeds("correctness", "j", "expectations.expected_response")),
                row(2, "a", verdict("correctness", true)),
                row(3, "a", verdict("correctness", false)),
                row(4, "a", verdict("correctness", true)));
        List<RowResult> c = List.of(
                row(0, "a", verdict("correctness", true)),
                row(1, "a", verdict("correctness", true)),
                row(2, "a", Feedback.error("correctness", "j", "judge answered non-JSON twice")),
                row(3, "a", verdict("correctness", false)),
                row(4, "a"));

        ScorerDelta s = EvalComparison.of(result("er-b", "b", b), result("er-c", "c", c))
                .scorer("correctness");

        assertThat(s.paired()).isEqualTo(2);
        assertThat(s.ties()).isEqualTo(2);
        assertThat(s.skipped()).isEqualTo(1);
        assertThat(s.errors()).isEqualTo(1);
        assertThat(s.missing()).isEqualTo(1);
        assertThat(s.excluded()).isEqualTo(3);
        assertThat(s.delta().getAsDouble()).isZero();
        assertThat(s.deltaInterval().orElseThrow()).isEqualTo(new ConfidenceInterval(0, 0, 0.95, 2_000));
        assertThat(s.significantlyBetter()).isFalse();
        assertThat(s.significantlyWorse()).isFalse();
    }

    @Test
    void textValuesTieWhenEqualAndOtherwiseChangeWithoutAWinner() {
        List<RowResult> b = List.of(
                row(0, "a", Feedback.of("tone", "friendly", "", "c")),
                row(1, "a", Feedback.of("tone", "curt", "", "c")));
        List<RowResult> c = List.of(
                row(0, "a", Feedback.of("tone", "friendly", "", "c")),
                row(1, "a", Feedback.of("tone", "friendly", "", "c")));

        ScorerDelta tone = EvalComparison.of(result("er-b", "b", b), result("er-c", "c", c))
                .scorer("tone");

        assertThat(tone.kind()).isEqualTo(ValueKind.TEXT);
        assertThat(tone.ties()).isEqualTo(1);
        assertThat(tone.changed()).isEqualTo(1);
        assertThat(tone.wins() + tone.losses()).isZero();
        assertThat(tone.delta()).isEmpty();
    }

    @Test
    void rowsOfTheSameDatasetMissingFromOneRunAreListedNotPaired() {
        List<RowResult> b = List.of(
                row(0, "a", verdict("ok", true)), row(1, "a", verdict("ok", true)), row(2, "a", verdict("ok", true)));
        List<RowResult> c = List.of(
                row(0, "a", verdict("ok", true)), row(2, "a", verdict("ok", false)), row(5, "a", verdict("ok", false)));

        EvalComparison comparison = EvalComparison.of(result("er-b", "b", b), result("er-c", "c", c));

        assertThat(comparison.pairs()).extracting(d -> d.baseline().index()).containsExactly(0, 2);
        assertThat(comparison.onlyInBaseline()).extracting(RowResult::index).containsExactly(1);
        assertThat(comparison.onlyInCandidate()).extracting(RowResult::index).containsExactly(5);
        assertThat(comparison.scorer("ok").paired()).isEqualTo(2);
    }

    @Test
    void differentDatasetsPairRowsByEqualInputsWhateverTheirOrderKeyOrderOrNumberTypes() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("question", "capital of France?");
        first.put("n", 1);
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("n", new BigDecimal("1.0"));
        reordered.put("question", "capital of France?");
        List<RowResult> b = List.of(
                row(0, first, "Paris", verdict("ok", true)),
                row(1, Map.of("question", "only here"), "x", verdict("ok", true)),
                row(2, Map.of("question", "gold?"), "Au", verdict("ok", true)));
        List<RowResult> c = List.of(
                row(0, Map.of("question", "gold?"), "Ag", verdict("ok", false)),
                row(1, Map.of("question", "new one"), "y", verdict("ok", true)),
                row(2, reordered, "Paris", verdict("ok", true)));
        EvaluationResult base = EvaluationResult.of(ComparisonRuns.run("er-b", "b", "11".repeat(32), 3), b);
        EvaluationResult cand = EvaluationResult.of(ComparisonRuns.run("er-c", "c", "22".repeat(32), 3), c);

        EvalComparison comparison = EvalComparison.of(base, cand);

        assertThat(comparison.pairing()).isEqualTo(EvalComparison.Pairing.BY_INPUTS);
        assertThat(comparison.pairs())
                .extracting(d -> d.baseline().index() + "->" + d.candidate().index())
                .containsExactly("0->2", "2->0");
        assertThat(comparison.onlyInBaseline()).extracting(RowResult::index).containsExactly(1);
        assertThat(comparison.onlyInCandidate()).extracting(RowResult::index).containsExactly(1);
        assertThat(comparison.regressions()).hasSize(1);
        RowDiff regressed = comparison.regressions().get(0);
        assertThat(regressed.inputs()).containsEntry("question", "gold?");
        assertThat(regressed.baselineOutputs()).contains("Au");
        assertThat(regressed.candidateOutputs()).contains("Ag");
    }

    @Test
    void aPredictionThatNewlyFailedIsARegressionAndItsAssessmentsAreErrors() {
        List<RowResult> b = List.of(row(0, "a", verdict("ok", true)), row(1, "a", verdict("ok", true)));
        List<RowResult> c = List.of(
                row(0, "a", verdict("ok", true)),
                failed(row(1, "a", Feedback.error("ok", "j", "not scored: predict failed")), "ProviderException: 503"));

        EvalComparison comparison = EvalComparison.of(result("er-b", "b", b), result("er-c", "c", c));

        assertThat(comparison.scorer("ok").errors()).isEqualTo(1);
        assertThat(comparison.regressions()).singleElement().satisfies(d -> {
            assertThat(d.newlyFailed()).isTrue();
            assertThat(d.regressedScorers()).isEmpty();
        });
    }

    @Test
    void latencyPercentilesAndCostsOfThePairedRowsWithJudgeCostApart() {
        List<RowResult> b = new ArrayList<>();
        List<RowResult> c = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            b.add(timed(row(i, "a", verdict("ok", true)), 100L * (i + 1), "0.0010"));
            c.add(timed(row(i, "a", verdict("ok", true)), 50L * (i + 1), "0.0025"));
        }
        c.add(timed(row(10, "a", verdict("ok", true)), 99_999, "9")); // unpaired: counts in neither
        EvaluationResult base = EvaluationResult.of(
                ComparisonRuns.run("er-b", "b", ComparisonRuns.SAME_DATASET, 10)
                        .withTotals(EvalUsage.ZERO, new EvalUsage(500, 50, new BigDecimal("0.002")), 10, 0),
                b);
        EvaluationResult cand = EvaluationResult.of(
                ComparisonRuns.run("er-c", "c", ComparisonRuns.SAME_DATASET, 11)
                        .withTotals(EvalUsage.ZERO, new EvalUsage(400, 40, new BigDecimal("0.0015")), 8, 2),
                c);

        EvalComparison comparison = EvalComparison.of(base, cand);

        LatencyDelta latency = comparison.latency().orElseThrow();
        assertThat(latency.rows()).isEqualTo(10);
        assertThat(latency.baselineP50()).isEqualTo(Duration.ofMillis(550));
        assertThat(latency.candidateP50()).isEqualTo(Duration.ofMillis(275));
        // position (10 - 1) * 0.95 = 8.55: 900 + 0.55 * 100
        assertThat(latency.baselineP95()).isEqualTo(Duration.ofMillis(955));
        assertThat(latency.candidateP95()).isEqualTo(Duration.ofNanos(477_500_000));
        assertThat(latency.p50Delta()).isEqualTo(Duration.ofMillis(-275));
        CostDelta cost = comparison.cost();
        assertThat(cost.baselineApp().costUsd()).isEqualByComparingTo("0.010");
        assertThat(cost.candidateApp().costUsd()).isEqualByComparingTo("0.025");
        assertThat(cost.appCostDelta()).isEqualByComparingTo("0.015");
        assertThat(cost.appCostChange()).hasValueSatisfying(r -> assertThat(r).isCloseTo(1.5, within(1e-12)));
        assertThat(cost.baselineApp().totalTokens()).isEqualTo(1_200);
        assertThat(cost.judgeCostDelta()).isEqualByComparingTo("-0.0005");
    }

    @Test
    void rowsWithoutKnownLatencyGiveNoLatencyComparison() {
        List<RowResult> rows = List.of(row(0, "a", verdict("ok", true)));

        assertThat(EvalComparison.of(result("er-b", "b", rows), result("er-c", "c", rows))
                        .latency())
                .isEmpty();
    }
}
