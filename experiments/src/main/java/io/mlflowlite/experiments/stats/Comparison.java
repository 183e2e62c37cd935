package io.mlflowlite.experiments.stats;

/**
 * The always-valid comparison of a candidate with control for one metric at one read (from {@link
 * SequentialTest#compare}). Immutable.
 *
 * @param control the control arm
 * @param candidate the candidate arm
 * @param direction which way of the metric is good
 * @param difference the observed {@code candidate.mean − control.mean}
 * @param interval the always-valid (1 − α) interval for the true difference (valid under continuous monitoring)
 * @param pValue the always-valid p-value for "no difference"
 * @param fixedHorizonInterval fixed-horizon: valid only if read once at a planned sample size (for reference)
 * @param minimumDetectableEffect the smallest true difference detected with 80 % power by the current sample size
 * @param verdict winner, harm or no difference yet, read from {@code interval} in {@code direction}
 */
public record Comparison(
        Sample control,
        Sample candidate,
        Direction direction,
        double difference,
        Interval interval,
        double pValue,
        Interval fixedHorizonInterval,
        double minimumDetectableEffect,
        Verdict verdict) {

    static Verdict verdict(Interval interval, Direction direction) {
        boolean above = interval.lower() > 0;
        boolean below = interval.upper() < 0;
        if (!above && !below) {
            return Verdict.NO_DIFFERENCE_YET;
        }
        return above == (direction == Direction.HIGHER_IS_BETTER) ? Verdict.WINNER : Verdict.HARM;
    }

    /**
     * Non-inferiority with margin {@code margin >= 0} (in the metric's units): {@link NonInferiority#NON_INFERIOR}
     * when the whole interval is better than "worse by {@code margin}" (for higher-is-better metrics: lower bound
     * {@code > −margin}; for lower-is-better: upper bound {@code < +margin}), {@link NonInferiority#INFERIOR} when
     * the whole interval is worse than that, else {@link NonInferiority#UNDECIDED}.
     */
    public NonInferiority nonInferiority(double margin) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException(
                    "a non-inferiority margin must be finite and >= 0 in the metric's units, got " + margin);
        }
        if (direction == Direction.HIGHER_IS_BETTER) {
            if (interval.lower() > -margin) {
                return NonInferiority.NON_INFERIOR;
            }
            return interval.upper() < -margin ? NonInferiority.INFERIOR : NonInferiority.UNDECIDED;
        }
        if (interval.upper() < margin) {
            return NonInferiority.NON_INFERIOR;
        }
        return interval.lower() > margin ? NonInferiority.INFERIOR : NonInferiority.UNDECIDED;
    }

    /**
     * This read combined with the previous read of the same experiment (which the caller kept): the intersection
     * of the two always-valid intervals and the smaller p-value, both still valid because the guarantee holds for
     * all reads at once. Pass {@code null} for the first read.
     */
    public Comparison tighten(Comparison previous) {
        if (previous == null) {
            return this;
        }
        Interval narrowed = interval.intersect(previous.interval);
        return new Comparison(
                control,
                candidate,
                direction,
                difference,
                narrowed,
                Math.min(pValue, previous.pValue),
                fixedHorizonInterval,
                minimumDetectableEffect,
                verdict(narrowed, direction));
    }
}
