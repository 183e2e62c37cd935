package io.mlflowlite.experiments.ab;

import io.mlflowlite.experiments.stats.SequentialTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A staged rollout: the candidate's traffic share at each stage (e.g. 1, 5, 25, 50, 100 %), the gates checked at
 * every stage, and the minimum candidate calls and time a stage must see before it may advance (a rollback never
 * waits for them). Immutable.
 *
 * @param stagesBasisPoints the candidate's share per stage in basis points, strictly increasing, in 1..10000
 * @param gates the gates checked at every stage
 * @param minSamplesPerStage candidate calls a stage needs before it can advance
 * @param minTimePerStage time a stage needs before it can advance
 * @param alpha the significance level of every gate's interval
 */
public record RolloutPlan(
        List<Integer> stagesBasisPoints,
        List<Gate> gates,
        long minSamplesPerStage,
        Duration minTimePerStage,
        double alpha) {
    public RolloutPlan {
        stagesBasisPoints = List.copyOf(stagesBasisPoints);
        gates = List.copyOf(gates);
        if (stagesBasisPoints.isEmpty()) {
            throw new IllegalArgumentException("a rollout plan needs at least one stage, e.g. 1, 5, 25, 50, 100 %");
        }
        int previous = 0;
        for (int bp : stagesBasisPoints) {
            if (bp <= previous || bp > Assignment.BUCKETS) {
                throw new IllegalArgumentException("rollout stages must increase strictly within 1.."
                        + Assignment.BUCKETS + " basis points (0.01 %..100 %), got " + stagesBasisPoints);
            }
            previous = bp;
        }
        if (minSamplesPerStage < 0) {
            throw new IllegalArgumentException("minimum samples per stage must be >= 0, got " + minSamplesPerStage);
        }
        if (minTimePerStage == null || minTimePerStage.isNegative()) {
            throw new IllegalArgumentException(
                    "minimum time per stage must be a duration >= 0, got " + minTimePerStage);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), e.g. 0.05; got " + alpha);
        }
    }

    /** A plan with stages in percent (rounded to basis points) at level {@link SequentialTest#DEFAULT_ALPHA}. */
    public static RolloutPlan percent(
            List<Double> stagesPercent, List<Gate> gates, long minSamplesPerStage, Duration minTimePerStage) {
        List<Integer> bps = new ArrayList<>();
        for (double p : stagesPercent) {
            bps.add((int) Math.round(p * 100));
        }
        return new RolloutPlan(bps, gates, minSamplesPerStage, minTimePerStage, SequentialTest.DEFAULT_ALPHA);
    }

    /** The number of stages. */
    public int stageCount() {
        return stagesBasisPoints.size();
    }

    /** Stage {@code index}'s candidate share in basis points. */
    public int stage(int index) {
        if (index < 0 || index >= stagesBasisPoints.size()) {
            throw new IllegalArgumentException(
                    "stage index must be 0.." + (stagesBasisPoints.size() - 1) + ", got " + index);
        }
        return stagesBasisPoints.get(index);
    }

    /**
     * The assignment for stage {@code index}: the candidate laid first, so each advance keeps every unit already on
     * the candidate (see {@link Assignment}).
     */
    public Assignment assignment(String salt, String candidate, String control, int index) {
        return Assignment.rollout(salt, candidate, control, stage(index));
    }
}
