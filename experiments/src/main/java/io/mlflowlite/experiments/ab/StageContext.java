package io.mlflowlite.experiments.ab;

import java.time.Duration;

/**
 * What a gate sees of the current stage: its index and candidate share, the control and candidate aggregates
 * <em>for this stage only</em> (start new aggregates at each stage), the time spent in the stage and the plan's
 * significance level. Immutable (the aggregates are read, never changed).
 *
 * @param stageIndex the stage (0-based)
 * @param candidateBasisPoints the candidate's share in this stage
 * @param control control's aggregate for this stage
 * @param candidate the candidate's aggregate for this stage
 * @param elapsed time spent in this stage
 * @param alpha the significance level of every interval
 */
public record StageContext(
        int stageIndex,
        int candidateBasisPoints,
        VariantMetrics control,
        VariantMetrics candidate,
        Duration elapsed,
        double alpha) {
    /** Whether control still receives traffic (false at a 100 % stage, where comparisons are not possible). */
    public boolean controlTraffic() {
        return candidateBasisPoints < Assignment.BUCKETS;
    }
}
