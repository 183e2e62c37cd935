package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The percentile bootstrap against references computed here independently: the exact bootstrap distribution of a
 * small sample (every one of the n^n equally likely resamples enumerated), and the binomial distribution of a
 * pass rate.
 */
class BootstrapTest {
    private static final double[] SAMPLE = {0.12, 0.35, 0.41, 0.58, 0.77, 0.93};

    @Test
    void intervalOfASmallSampleMatchesItsExactBootstrapDistribution() {
        double[] exact = exactResampleMeans(SAMPLE);
        double lower = numpyQuantile(exact, 0.025);
        double upper = numpyQuantile(exact, 0.975);

        ConfidenceInterval ci = Bootstrap.meanInterval(SAMPLE, 2_000, 0.95, 42);

        // the Monte Carlo error of a 2.5 % quantile from 2,000 resamples is about 0.01 here
        assertThat(ci.lower()).isCloseTo(lower, within(0.03));
        assertThat(ci.upper()).isCloseTo(upper, within(0.03));
        assertThat(ci.level()).isEqualTo(0.95);
        assertThat(ci.resamples()).isEqualTo(2_000);
        // and more resamples converge on the exact values
        ConfidenceInterval fine = Bootstrap.meanInterval(SAMPLE, 200_000, 0.95, 7);
        assertThat(fine.lower()).isCloseTo(lower, within(0.005));
        assertThat(fine.upper()).isCloseTo(upper, within(0.005));
    }

    @Test
    void passRateIntervalIsTheBinomialQuantilesOfResampledPassCounts() {
        double[] verdicts = {1, 1, 1, 0, 1}; // 80 %
        // resampled pass counts ~ Binomial(5, 0.8): P(<=1) = 0.0067 < 2.5 % <= P(<=2) = 0.0579, P(<=4) = 0.672 < 97.5 %
        assertThat(binomialCdf(5, 0.8, 1)).isLessThan(0.025);
        assertThat(binomialCdf(5, 0.8, 2)).isGreaterThan(0.025);
        assertThat(binomialCdf(5, 0.8, 4)).isLessThan(0.975);

        ConfidenceInterval ci = Bootstrap.meanInterval(verdicts, 2_000, 0.95, 1);

        assertThat(ci.lower()).isEqualTo(0.4);
        assertThat(ci.upper()).isEqualTo(1.0);
    }

    @Test
    void degenerateSamplesGiveZeroWidthIntervals() {
        assertThat(Bootstrap.meanInterval(new double[] {1, 1, 1, 1}, 2_000, 0.95, 3))
                .isEqualTo(new ConfidenceInterval(1, 1, 0.95, 2_000));
        assertThat(Bootstrap.meanInterval(new double[] {0.7}, 2_000, 0.95, 3))
                .isEqualTo(new ConfidenceInterval(0.7, 0.7, 0.95, 2_000));
        assertThat(Bootstrap.meanInterval(new double[] {0.1, 0.1, 0.1}, 2_000, 0.95, 3)
                        .upper())
                .isEqualTo(0.1);
    }

    @Test
    void theSameSeedGivesTheSameIntervalAndAnotherSeedAlmostTheSame() {
        ConfidenceInterval a = Bootstrap.meanInterval(SAMPLE, 2_000, 0.95, 99);
        ConfidenceInterval b = Bootstrap.meanInterval(SAMPLE, 2_000, 0.95, 99);
        ConfidenceInterval c = Bootstrap.meanInterval(SAMPLE, 2_000, 0.95, 100);

        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        assertThat(c.lower()).isCloseTo(a.lower(), within(0.03));
    }

    @Test
    void quantileInterpolatesBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4};
        assertThat(Bootstrap.quantile(sorted, 0)).isEqualTo(1);
        assertThat(Bootstrap.quantile(sorted, 1)).isEqualTo(4);
        assertThat(Bootstrap.quantile(sorted, 0.5)).isEqualTo(2.5);
        assertThat(Bootstrap.quantile(sorted, 0.1)).isCloseTo(1.3, within(1e-12));
    }

    /** The mean of every one of the n^n resamples (ordered draws, each equally likely). */
    private static double[] exactResampleMeans(double[] values) {
        int n = values.length;
        int total = (int) Math.pow(n, n);
        double[] means = new double[total];
        int[] digits = new int[n];
        for (int k = 0; k < total; k++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[digits[i]];
            }
            means[k] = sum / n;
            for (int i = 0; i < n && ++digits[i] == n; i++) {
                digits[i] = 0;
            }
        }
        Arrays.sort(means);
        return means;
    }

    private static double numpyQuantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) h;
        return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    private static double binomialCdf(int n, double p, int k) {
        double sum = 0;
        for (int i = 0; i <= k; i++) {
            double choose = 1;
            for (int j = 1; j <= i; j++) {
                choose = choose * (n - i + j) / j;
            }
            sum += choose * Math.pow(p, i) * Math.pow(1 - p, n - i);
        }
        return sum;
    }
}
