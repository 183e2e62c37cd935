package io.mlflowlite.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals: resample the values with replacement {@code resamples} times, take
 * the statistic of each resample, and report the {@code (1-level)/2} and {@code 1-(1-level)/2} quantiles of those
 * (linear interpolation between order statistics, numpy's default). Seeded, so the same values and seed always
 * give the same interval. Pure functions; thread-safe.
 */
public final class Bootstrap {
    /** The default number of resamples. */
    public static final int DEFAULT_RESAMPLES = 2_000;
    /** The default confidence level. */
    public static final double DEFAULT_LEVEL = 0.95;

    private Bootstrap() {}

    /**
     * The percentile bootstrap interval of the mean of {@code values}. One value (or all equal) gives a
     * zero-width interval at that value.
     *
     * @throws IllegalArgumentException when {@code values} is empty, {@code resamples < 1} or the level is not in (0, 1)
     */
    public static ConfidenceInterval meanInterval(double[] values, int resamples, double level, long seed) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to bootstrap");
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, was " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be between 0 and 1, was " + level);
        }
        int n = values.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[random.nextInt(n)];
            }
            means[b] = sum / n;
        }
        Arrays.sort(means);
        double tail = (1 - level) / 2;
        // clamp: summing in another order can put a mean one ulp outside the values' range
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        double lower = Math.max(min, Math.min(max, quantile(means, tail)));
        double upper = Math.max(lower, Math.min(max, quantile(means, 1 - tail)));
        return new ConfidenceInterval(lower, upper, level, resamples);
    }

    /**
     * The {@code p} quantile of {@code sorted} (ascending) with linear interpolation: position {@code (n-1)·p}
     * between the order statistics around it.
     */
    public static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The arithmetic mean. */
    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** A seed for one named statistic of a run, so each scorer's interval is reproducible on its own. */
    static long seedFor(long runSeed, String name) {
        long h = runSeed ^ (0x9E3779B97F4A7C15L * (name.hashCode() + 1L));
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
