package io.mlflowlite.experiments.stats;

/**
 * What the statistics need of one arm for one metric: the number of observations, their mean and their sample
 * variance. For a proportion ({@code binary}: every value 0 or 1) the variance used by the tests is
 * {@link #testVariance()}, which never reaches 0 (so a run of all-pass answers still leaves uncertainty).
 * Immutable.
 *
 * @param n number of observations (0 or more)
 * @param mean their mean (0 when {@code n == 0})
 * @param variance their unbiased sample variance (0 when {@code n < 2})
 * @param binary whether every value is 0 or 1 (a proportion: pass rate, error rate)
 */
public record Sample(long n, double mean, double variance, boolean binary) {
    public Sample {
        if (n < 0) {
            throw new IllegalArgumentException("a sample's size must be >= 0, got " + n);
        }
        if (!Double.isFinite(mean) || !Double.isFinite(variance) || variance < 0) {
            throw new IllegalArgumentException("a sample needs a finite mean and a finite variance >= 0, got mean "
                    + mean + ", variance " + variance);
        }
    }

    /** A proportion: {@code successes} out of {@code n}. */
    public static Sample proportion(long successes, long n) {
        if (successes < 0 || successes > n) {
            throw new IllegalArgumentException("successes must be in 0.." + n + ", got " + successes);
        }
        if (n == 0) {
            return new Sample(0, 0, 0, true);
        }
        double p = (double) successes / n;
        double variance = n < 2 ? 0 : p * (1 - p) * n / (n - 1);
        return new Sample(n, p, variance, true);
    }

    /** A continuous sample from its moments. */
    public static Sample of(long n, double mean, double variance) {
        return new Sample(n, mean, variance, false);
    }

    /**
     * The per-observation variance the tests use. For a proportion: {@code p̃(1 − p̃)} with {@code p̃ = (k + 1)/(n +
     * 2)} when that is larger than {@code p(1 − p)} (it is near 0 or 1), so an arm with no errors yet still carries
     * uncertainty; otherwise the sample variance.
     */
    public double testVariance() {
        if (!binary) {
            return variance;
        }
        double p = mean;
        double smoothed = (mean * n + 1) / (n + 2.0);
        return Math.max(p * (1 - p), smoothed * (1 - smoothed));
    }
}
