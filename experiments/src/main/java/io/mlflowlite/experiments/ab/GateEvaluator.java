package io.mlflowlite.experiments.ab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Evaluates a {@link RolloutPlan}'s gates for the current stage, purely from the stage's aggregates: call it from a
 * rollout controller loop at any frequency (the always-valid intervals allow it).
 *
 * <ul>
 *   <li>{@link RolloutAction#ROLLBACK} as soon as any gate fails (a breach with statistical evidence), whatever the
 *       stage's samples and time;
 *   <li>{@link RolloutAction#ADVANCE} (or {@link RolloutAction#COMPLETE} at the last stage) when every gate passes
 *       and the candidate has at least the plan's minimum calls and time in this stage;
 *   <li>{@link RolloutAction#HOLD} otherwise.
 * </ul>
 *
 * <p>The evidence lists every gate's result and the two minimums. Immutable and thread-safe.
 */
public final class GateEvaluator {
    private final RolloutPlan plan;

    /** An evaluator for {@code plan}. */
    public GateEvaluator(RolloutPlan plan) {
        this.plan = plan;
    }

    /** The plan. */
    public RolloutPlan plan() {
        return plan;
    }

    /**
     * The decision for stage {@code stageIndex} given control's and the candidate's aggregates for this stage only
     * and the time spent in it.
     */
    public RolloutDecision evaluate(
            int stageIndex, VariantMetrics control, VariantMetrics candidate, Duration elapsedInStage) {
        int bp = plan.stage(stageIndex);
        StageContext stage = new StageContext(stageIndex, bp, control, candidate, elapsedInStage, plan.alpha());
        List<GateResult> evidence = new ArrayList<>();
        for (Gate gate : plan.gates()) {
            evidence.add(gate.evaluate(stage));
        }
        List<GateResult> failed =
                evidence.stream().filter(r -> r.status() == GateStatus.FAIL).toList();
        long n = candidate.count();
        long minSamples = plan.minSamplesPerStage();
        evidence.add(new GateResult(
                "min_samples",
                n,
                minSamples,
                n >= minSamples ? GateStatus.PASS : GateStatus.PENDING,
                "candidate has " + n + " of " + minSamples + " calls this stage needs"));
        Duration minTime = plan.minTimePerStage();
        evidence.add(new GateResult(
                "min_time",
                elapsedInStage.toMillis() / 1000.0,
                minTime.toMillis() / 1000.0,
                elapsedInStage.compareTo(minTime) >= 0 ? GateStatus.PASS : GateStatus.PENDING,
                "stage has run " + human(elapsedInStage) + " of " + human(minTime)));
        String stageText = "stage " + (stageIndex + 1) + "/" + plan.stageCount() + " (" + percent(bp) + ")";
        if (!failed.isEmpty()) {
            return new RolloutDecision(
                    RolloutAction.ROLLBACK,
                    stageIndex,
                    bp,
                    0,
                    evidence,
                    "roll back at " + stageText + ": "
                            + failed.stream().map(GateResult::sentence).collect(Collectors.joining("; ")));
        }
        List<GateResult> waiting =
                evidence.stream().filter(r -> r.status() != GateStatus.PASS).toList();
        if (!waiting.isEmpty()) {
            return new RolloutDecision(
                    RolloutAction.HOLD,
                    stageIndex,
                    bp,
                    bp,
                    evidence,
                    "hold " + stageText + ", waiting for "
                            + waiting.stream().map(GateResult::gate).collect(Collectors.joining(", ")));
        }
        if (stageIndex == plan.stageCount() - 1) {
            return new RolloutDecision(
                    RolloutAction.COMPLETE,
                    stageIndex,
                    bp,
                    bp,
                    evidence,
                    "complete: every gate passed at " + stageText);
        }
        int next = plan.stage(stageIndex + 1);
        return new RolloutDecision(
                RolloutAction.ADVANCE,
                stageIndex,
                bp,
                next,
                evidence,
                "advance from " + stageText + " to " + percent(next) + ": every gate passed");
    }

    private static String percent(int bp) {
        return (bp % 100 == 0 ? Integer.toString(bp / 100) : Double.toString(bp / 100.0)) + " %";
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? (s / 3600) + " h " + (s % 3600 / 60) + " min"
                : s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
