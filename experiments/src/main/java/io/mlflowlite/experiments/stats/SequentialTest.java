package io.mlflowlite.experiments.stats;

/**
 * Always-valid inference for {@code candidate − control} (two means or two proportions) and for one mean: the
 * normal-mixture sequential probability ratio test (mSPRT) of Johari, Koomen, Pekelis and Walsh, "Always Valid
 * Inference: Continuous Monitoring of A/B Tests" (Operations Research, 2022), the method behind Optimizely's stats
 * engine.
 *
 * <p>With {@code Δ̂} the observed difference of means and {@code V = s_c²/n_c + s_t²/n_t} its estimated variance,
 * the mixture likelihood ratio against "no difference", mixing the true difference over {@code N(0, τ²)}, is
 *
 * <pre>  Λ = sqrt(V / (V + τ²)) · exp(τ² Δ̂² / (2 V (V + τ²)))</pre>
 *
 * <p>Under "no difference" {@code Λ} is a martingale, so by Ville's inequality it exceeds {@code 1/α} at <em>any</em>
 * time with probability at most {@code α}: the results may be read after every observation and the experiment
 * stopped whenever they are convincing. The always-valid p-value is {@code min(1, 1/Λ)} (take the running minimum
 * over reads with {@link Comparison#tighten}), and the confidence sequence is the set of differences not rejected:
 *
 * <pre>  Δ̂ ± sqrt( 2 V (V + τ²) / τ² · ( ln(1/α) + ½ ln((V + τ²)/V) ) )</pre>
 *
 * <p>The validity is exact for normal data with known variance and holds asymptotically with the plug-in variances
 * used here (the simulation suite measures the false-positive rate under peeking; see docs/experiments.md).
 *
 * <p><b>Choosing τ².</b> {@code τ} is the scale of the effects one expects to care about: {@link #forEffect} sets
 * {@code τ² = δ²} for a minimum effect of interest {@code δ} (e.g. 0.05 for a pass rate, 10 % of the mean for
 * latency). For a fixed estimate variance {@code V} the interval is narrowest at {@code τ² ≈ 8.2 V}, where its
 * half-width is {@code 3.04·sqrt(V)} at α = 0.05 (against 1.96 for a fixed-horizon interval: the price of
 * monitoring). An effect {@code δ} is detected with 80 % power once {@code δ ≈ (3.04 + 0.84)·sqrt(V)}, i.e. {@code V ≈
 * δ²/15}, so the best {@code τ²} for it is about {@code 0.55 δ²}; {@code τ² = δ²} is 0.8 % wider than that there,
 * and any {@code τ²} within a factor of 4 of the optimum costs at most 7 % of width — the choice is forgiving.
 *
 * <p>Immutable and thread-safe.
 */
public final class SequentialTest {
    /** The default significance level: 0.05 (a 95 % confidence sequence). */
    public static final double DEFAULT_ALPHA = 0.05;

    /** The default power for sample-size predictions and minimum detectable effects: 0.8. */
    public static final double DEFAULT_POWER = 0.8;

    private final double alpha;
    private final double tau2;

    /**
     * A test at level {@code alpha} (0 < alpha < 1) with mixing variance {@code tau2 > 0}; prefer {@link
     * #forEffect}.
     */
    public SequentialTest(double alpha, double tau2) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), e.g. 0.05; got " + alpha);
        }
        if (!(tau2 > 0) || Double.isInfinite(tau2)) {
            throw new IllegalArgumentException(
                    "the mixing variance τ² must be finite and > 0 (the square of the effect size of interest); got "
                            + tau2);
        }
        this.alpha = alpha;
        this.tau2 = tau2;
    }

    /** A test at level 0.05 tuned to detect differences of about {@code effect} (τ² = effect², see above). */
    public static SequentialTest forEffect(double effect) {
        return forEffect(effect, DEFAULT_ALPHA);
    }

    /** A test at level {@code alpha} tuned to detect differences of about {@code effect} (τ² = effect²). */
    public static SequentialTest forEffect(double effect, double alpha) {
        if (!(Math.abs(effect) > 0) || Double.isInfinite(effect)) {
            throw new IllegalArgumentException(
                    "the effect of interest must be a finite non-zero difference in the metric's units, e.g. 0.05"
                            + " for a pass rate; got " + effect);
        }
        return new SequentialTest(alpha, effect * effect);
    }

    /** The significance level. */
    public double alpha() {
        return alpha;
    }

    /** The mixing variance τ². */
    public double mixingVariance() {
        return tau2;
    }

    /**
     * The half-width of the always-valid interval when the estimate's variance is {@code v} ({@code v = s²/n} for
     * one mean, {@code s_c²/n_c + s_t²/n_t} for a difference); infinite when {@code v} is not positive.
     */
    public double halfWidth(double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            return Double.POSITIVE_INFINITY;
        }
        double log = Math.log(1 / alpha) + 0.5 * Math.log((v + tau2) / v);
        return Math.sqrt(2 * v * (v + tau2) / tau2 * log);
    }

    /** {@code ln Λ} for an estimate {@code delta} away from the null with variance {@code v}. */
    double logLikelihoodRatio(double delta, double v) {
        if (!(v > 0)) {
            return 0;
        }
        return 0.5 * Math.log(v / (v + tau2)) + tau2 * delta * delta / (2 * v * (v + tau2));
    }

    /** The estimated variance of {@code candidate.mean − control.mean}; NaN when either arm has fewer than 2. */
    static double differenceVariance(Sample control, Sample candidate) {
        if (control.n() < 2 || candidate.n() < 2) {
            return Double.NaN;
        }
        return control.testVariance() / control.n() + candidate.testVariance() / candidate.n();
    }

    /**
     * The always-valid (1 − α) confidence interval for {@code candidate.mean − control.mean}: it covers the true
     * difference at every sample size simultaneously with probability at least 1 − α. Unbounded while an arm has
     * fewer than 2 observations or no variance.
     */
    public Interval confidenceSequence(Sample control, Sample candidate) {
        double v = differenceVariance(control, candidate);
        double h = halfWidth(v);
        return Double.isFinite(h) ? Interval.around(candidate.mean() - control.mean(), h) : Interval.UNBOUNDED;
    }

    /** The always-valid (1 − α) confidence interval for one arm's mean (used by rollout guardrails). */
    public Interval confidenceSequence(Sample sample) {
        if (sample.n() < 2) {
            return Interval.UNBOUNDED;
        }
        double h = halfWidth(sample.testVariance() / sample.n());
        return Double.isFinite(h) ? Interval.around(sample.mean(), h) : Interval.UNBOUNDED;
    }

    /**
     * The always-valid p-value for "no difference" at this read, {@code min(1, 1/Λ)}; the running minimum over
     * reads ({@link Comparison#tighten}) is also valid.
     */
    public double pValue(Sample control, Sample candidate) {
        double v = differenceVariance(control, candidate);
        if (!(v > 0)) {
            return 1;
        }
        double log = logLikelihoodRatio(candidate.mean() - control.mean(), v);
        return log <= 0 ? 1 : Math.exp(-log);
    }

    /**
     * The smallest true difference this test would detect with probability {@code power} by the time the arms
     * reach their current sizes: {@code h(V) + z_power·sqrt(V)}. Conservative (it counts only crossings at the
     * current read, not earlier ones). Infinite while the interval is unbounded.
     */
    public double minimumDetectableEffect(Sample control, Sample candidate, double power) {
        checkPower(power);
        double v = differenceVariance(control, candidate);
        double h = halfWidth(v);
        return Double.isFinite(h) ? h + Normal.quantile(power) * Math.sqrt(v) : Double.POSITIVE_INFINITY;
    }

    /**
     * The number of units per arm (equal split) after which a true difference {@code effect} is detected with
     * probability at least {@code power} when the results are monitored continuously: the smallest {@code n} with
     * {@code h(V/n) + z_power·sqrt(V/n) <= |effect|}, {@code V = controlVariance + candidateVariance} (per-unit
     * variances; for proportions {@code p(1 − p)} of each arm). Conservative in the same way as {@link
     * #minimumDetectableEffect}; the simulation suite measures the power it delivers.
     */
    public long sampleSizePerArm(double controlVariance, double candidateVariance, double effect, double power) {
        checkPower(power);
        double v = controlVariance + candidateVariance;
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("the per-unit variances must be >= 0 with a positive finite sum, got "
                    + controlVariance + " and " + candidateVariance);
        }
        double target = Math.abs(effect);
        if (!(target > 0) || Double.isInfinite(target)) {
            throw new IllegalArgumentException("the effect to detect must be finite and non-zero, got " + effect);
        }
        double z = Normal.quantile(power);
        long lo = 1;
        long hi = 2;
        while (!detects(v / hi, z, target)) {
            hi *= 2;
            if (hi > (1L << 50)) {
                throw new IllegalArgumentException("the effect " + effect + " is too small to detect with variance " + v
                        + " in any practical sample");
            }
        }
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (detects(v / mid, z, target)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** {@link #sampleSizePerArm(double, double, double, double)} for two proportions at 80 % power. */
    public long sampleSizePerArm(double controlRate, double candidateRate) {
        for (double p : new double[] {controlRate, candidateRate}) {
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("rates must be in (0, 1), got " + p);
            }
        }
        return sampleSizePerArm(
                controlRate * (1 - controlRate),
                candidateRate * (1 - candidateRate),
                candidateRate - controlRate,
                DEFAULT_POWER);
    }

    private boolean detects(double v, double z, double effect) {
        return halfWidth(v) + z * Math.sqrt(v) <= effect;
    }

    private static void checkPower(double power) {
        if (!(power > 0 && power < 1)) {
            throw new IllegalArgumentException("power must be in (0, 1), e.g. 0.8; got " + power);
        }
    }

    /**
     * Everything about {@code candidate − control} at this read: the always-valid interval and p-value, the verdict
     * in the metric's {@code direction}, the fixed-horizon interval for reference and the minimum detectable effect
     * at 80 % power.
     */
    public Comparison compare(Sample control, Sample candidate, Direction direction) {
        Interval interval = confidenceSequence(control, candidate);
        return new Comparison(
                control,
                candidate,
                direction,
                candidate.mean() - control.mean(),
                interval,
                pValue(control, candidate),
                FixedHorizon.interval(control, candidate, alpha),
                minimumDetectableEffect(control, candidate, DEFAULT_POWER),
                Comparison.verdict(interval, direction));
    }

    @Override
    public String toString() {
        return "SequentialTest[alpha=" + alpha + ", tau2=" + tau2 + "]";
    }
}
