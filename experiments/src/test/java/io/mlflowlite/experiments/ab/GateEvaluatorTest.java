package io.mlflowlite.experiments.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GateEvaluatorTest {
    private static final RolloutPlan PLAN = RolloutPlan.percent(
            List.of(1.0, 5.0, 25.0, 50.0, 100.0),
            List.of(
                    new QualityGate("correct", 0.05),
                    new LatencyGate(2500, 0.25, 200),
                    new ErrorRateGate(0.02),
                    new CostGate(0.004)),
            500,
            Duration.ofMinutes(10));

    private static VariantMetrics arm(int n, double passRate, double medianMs, double errorRate, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        VariantMetrics m = new VariantMetrics();
        for (int i = 0; i < n; i++) {
            m.record(new Observation(
                    medianMs * Math.exp(0.5 * r.nextGaussian()),
                    0.002,
                    100,
                    50,
                    r.nextDouble() < errorRate,
                    false,
                    java.util.Map.of("correct", Score.pass(r.nextDouble() < passRate))));
        }
        return m;
    }

    private static GateResult gate(RolloutDecision d, String name) {
        return d.evidence().stream()
                .filter(g -> g.gate().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aGoodCandidateWithEnoughSamplesAndTimeAdvances() {
        RolloutDecision d = new GateEvaluator(PLAN)
                .evaluate(0, arm(20_000, 0.8, 800, 0.005, 1), arm(2000, 0.8, 700, 0.005, 2), Duration.ofMinutes(11));
        assertThat(d.action()).as(d.summary()).isEqualTo(RolloutAction.ADVANCE);
        assertThat(d.nextBasisPoints()).isEqualTo(500);
        assertThat(d.evidence()).allMatch(g -> g.status() == GateStatus.PASS);
        assertThat(gate(d, "quality:correct").sentence()).contains("not worse than control by more than 0.0500");
    }

    @Test
    void theSameCandidateHoldsUntilTheMinimumTimeHasPassed() {
        RolloutDecision d = new GateEvaluator(PLAN)
                .evaluate(0, arm(20_000, 0.8, 800, 0.005, 1), arm(2000, 0.8, 700, 0.005, 2), Duration.ofMinutes(3));
        assertThat(d.action()).isEqualTo(RolloutAction.HOLD);
        assertThat(gate(d, "min_time").status()).isEqualTo(GateStatus.PENDING);
        assertThat(d.summary()).contains("min_time");
    }

    @Test
    void aLatencyBreachRollsBackBeforeMinimumSamplesAndTime() {
        RolloutDecision d = new GateEvaluator(PLAN)
                .evaluate(0, arm(5000, 0.8, 800, 0.005, 1), arm(60, 0.8, 2400, 0.005, 3), Duration.ofMinutes(2));
        assertThat(d.action()).as(d.summary()).isEqualTo(RolloutAction.ROLLBACK);
        assertThat(d.nextBasisPoints()).isZero();
        assertThat(gate(d, "latency_p95").status()).isEqualTo(GateStatus.FAIL);
        assertThat(gate(d, "min_samples").status()).isEqualTo(GateStatus.PENDING);
    }

    @Test
    void anErrorSpikeRollsBackAndAMildExcessOnlyHolds() {
        GateEvaluator e = new GateEvaluator(PLAN);
        RolloutDecision spike =
                e.evaluate(1, arm(5000, 0.8, 800, 0.005, 1), arm(300, 0.8, 800, 0.2, 4), Duration.ofMinutes(1));
        assertThat(spike.action()).isEqualTo(RolloutAction.ROLLBACK);
        assertThat(gate(spike, "error_rate").sentence()).contains("above the ceiling");
        RolloutDecision mild =
                e.evaluate(1, arm(5000, 0.8, 800, 0.005, 1), arm(100, 0.8, 800, 0.03, 5), Duration.ofMinutes(1));
        assertThat(gate(mild, "error_rate").status()).isNotEqualTo(GateStatus.FAIL);
    }

    @Test
    void clearlyInferiorQualityRollsBack() {
        RolloutDecision d = new GateEvaluator(PLAN)
                .evaluate(3, arm(10_000, 0.8, 800, 0.005, 1), arm(10_000, 0.65, 800, 0.005, 6), Duration.ofMinutes(1));
        assertThat(d.action()).isEqualTo(RolloutAction.ROLLBACK);
        assertThat(gate(d, "quality:correct").status()).isEqualTo(GateStatus.FAIL);
    }

    @Test
    void theLastStageCompletesOnAbsoluteGuardrailsWithoutControl() {
        RolloutDecision d = new GateEvaluator(PLAN)
                .evaluate(4, new VariantMetrics(), arm(2000, 0.8, 700, 0.005, 7), Duration.ofMinutes(15));
        assertThat(d.action()).as(d.summary()).isEqualTo(RolloutAction.COMPLETE);
        assertThat(gate(d, "quality:correct").sentence()).contains("not applicable");
    }

    @Test
    void plansAreValidated() {
        assertThatThrownBy(() -> RolloutPlan.percent(List.of(5.0, 1.0), List.of(), 0, Duration.ZERO))
                .hasMessageContaining("increase strictly");
        assertThatThrownBy(() -> new QualityGate("q", 0)).hasMessageContaining("margin");
        assertThatThrownBy(() -> new LatencyGate(Double.NaN, Double.NaN, 10)).hasMessageContaining("ceiling");
        assertThat(PLAN.assignment("s", "cand", "ctl", 1).variants().get(0)).isEqualTo(new Variant("cand", 500));
    }
}
