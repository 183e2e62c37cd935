package io.mlflowlite.eval;

import java.time.Duration;
import java.util.Objects;

/**
 * Prediction latency of two runs over their paired rows: the median and 95th percentile of each (linear
 * interpolation between order statistics). Rows whose latency is unknown (zero) on either side are left out.
 * Immutable.
 *
 * @param rows         pairs measured
 * @param baselineP50  the baseline's median
 * @param candidateP50 the candidate's median
 * @param baselineP95  the baseline's 95th percentile
 * @param candidateP95 the candidate's 95th percentile
 */
public record LatencyDelta(
        int rows, Duration baselineP50, Duration candidateP50, Duration baselineP95, Duration candidateP95) {

    public LatencyDelta {
        Objects.requireNonNull(baselineP50, "baselineP50");
        Objects.requireNonNull(candidateP50, "candidateP50");
        Objects.requireNonNull(baselineP95, "baselineP95");
        Objects.requireNonNull(candidateP95, "candidateP95");
    }

    /** {@code candidateP50 - baselineP50}: negative when the candidate is faster. */
    public Duration p50Delta() {
        return candidateP50.minus(baselineP50);
    }

    /** {@code candidateP95 - baselineP95}. */
    public Duration p95Delta() {
        return candidateP95.minus(baselineP95);
    }
}
