package io.mlflowlite.experiments.stats;

/**
 * The classic fixed-horizon interval (Welch's unpooled variance with a normal quantile, i.e. the z-test for large
 * samples). <b>Fixed-horizon: valid only if read once at a sample size planned in advance.</b> Looking at it after
 * every batch and stopping when it excludes 0 inflates the false-positive rate far above α (the simulation suite
 * shows it); use {@link SequentialTest} for anything monitored. Shown beside the always-valid interval so readers
 * can see what continuous monitoring costs. Stateless, thread-safe.
 */
public final class FixedHorizon {
    private FixedHorizon() {}

    /**
     * The fixed-horizon (1 − α) interval for {@code candidate.mean − control.mean}: {@code Δ̂ ± z_{1−α/2}·sqrt(s_c²/n_c
     * + s_t²/n_t)}. Valid only if read once at a planned sample size. Unbounded while an arm has fewer than 2.
     */
    public static Interval interval(Sample control, Sample candidate, double alpha) {
        double v = SequentialTest.differenceVariance(control, candidate);
        if (!(v > 0)) {
            return Interval.UNBOUNDED;
        }
        return Interval.around(candidate.mean() - control.mean(), Normal.quantile(1 - alpha / 2) * Math.sqrt(v));
    }

    /**
     * The fixed-horizon sample size per arm for a two-sided test at level α with the given power: {@code (z_{1−α/2}
     * + z_power)² · V / δ²}. Valid only if the test is read once at that size.
     */
    public static long sampleSizePerArm(double perUnitVarianceSum, double effect, double alpha, double power) {
        double z = Normal.quantile(1 - alpha / 2) + Normal.quantile(power);
        return (long) Math.ceil(z * z * perUnitVarianceSum / (effect * effect));
    }
}
