package io.mlflowlite.experiments.stats;

/**
 * Which way of a metric is good: quality scores and pass rates are {@link #HIGHER_IS_BETTER}; latency, cost and
 * error rates are {@link #LOWER_IS_BETTER}. Every decision (winner, harm, non-inferiority) reads an interval for
 * {@code candidate − control} through this.
 */
public enum Direction {
    /** A larger value is an improvement (quality, pass rate). */
    HIGHER_IS_BETTER,
    /** A smaller value is an improvement (latency, cost, error rate). */
    LOWER_IS_BETTER;

    /** {@code +1} when higher is better, {@code −1} when lower is better: multiply a difference by it to get "gain". */
    public int sign() {
        return this == HIGHER_IS_BETTER ? 1 : -1;
    }
}
