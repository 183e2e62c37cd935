package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The comparison's paired bootstrap interval against references computed here independently: the exact bootstrap
 * distribution of a small paired sample (all n^n resamples of the pairs enumerated), and a plain pair-resampling
 * loop with the same seed.
 */
class PairedBootstrapTest {
    private static final double[] BASELINE = {0.20, 0.55, 0.40, 0.90, 0.35};
    private static final double[] CANDIDATE = {0.45, 0.50, 0.70, 0.95, 0.30};

    @Test
    void intervalMatchesTheExactBootstrapDistributionOfResampledPairs() {
        double[] exact = exactPairedResampleDeltas(BASELINE, CANDIDATE);
        double lower = quantile(exact, 0.025);
        double upper = quantile(exact, 0.975);
        EvaluationResult[] runs = ComparisonRuns.numericRuns("score", BASELINE, CANDIDATE);

        ConfidenceInterval ci = EvalComparison.of(runs[0], runs[1])
                .scorer("score")
                .deltaInterval()
                .orElseThrow();
        ConfidenceInterval fine = EvalComparison.builder(runs[0], runs[1])
                .resamples(200_000)
                .build()
                .scorer("score")
                .deltaInterval()
                .orElseThrow();

        assertThat(ci.resamples()).isEqualTo(2_000);
        // Monte Carlo error of a tail quantile from 2,000 resamples is about 0.01 on this spread
        assertThat(ci.lower()).isCloseTo(lower, within(0.03));
        assertThat(ci.upper()).isCloseTo(upper, within(0.03));
        assertThat(fine.lower()).isCloseTo(lower, within(0.005));
        assertThat(fine.upper()).isCloseTo(upper, within(0.005));
    }

    @Test
    void intervalEqualsAPlainPairResamplingLoopWithTheSameSeed() {
        EvaluationResult[] runs = ComparisonRuns.numericRuns("score", BASELINE, CANDIDATE);
        EvalComparison comparison =
                EvalComparison.builder(runs[0], runs[1]).seed(2024).build();

        ConfidenceInterval ci = comparison.scorer("score").deltaInterval().orElseThrow();

        double[] reference = pairResampling(BASELINE, CANDIDATE, 2_000, Bootstrap.seedFor(2024, "score"));
        assertThat(ci.lower()).isCloseTo(quantile(reference, 0.025), within(1e-12));
        assertThat(ci.upper()).isCloseTo(quantile(reference, 0.975), within(1e-12));
    }

    @Test
    void aConstantImprovementHasAZeroWidthPairedIntervalThoughEachRunVariesWidely() {
        double[] baseline = {0.05, 0.9, 0.3, 0.75, 0.1, 0.6, 0.2, 0.85};
        double[] candidate = Arrays.stream(baseline).map(v -> v + 0.1).toArray();
        EvaluationResult[] runs = ComparisonRuns.numericRuns("score", baseline, candidate);

        ScorerDelta s = EvalComparison.of(runs[0], runs[1]).scorer("score");

        assertThat(s.deltaInterval().orElseThrow().lower()).isCloseTo(0.1, within(1e-9));
        assertThat(s.deltaInterval().orElseThrow().upper()).isCloseTo(0.1, within(1e-9));
        assertThat(s.significantlyBetter()).isTrue();
        // resampling the runs independently would mix the row-to-row spread into the delta
        ConfidenceInterval b = s.baselineInterval().orElseThrow();
        assertThat(b.upper() - b.lower()).isGreaterThan(0.3);
        assertThat(s.candidateInterval()
                        .orElseThrow()
                        .contains(s.candidateMean().getAsDouble()))
                .isTrue();
    }

    @Test
    void aPassRateDeltaIntervalFollowsTheDiscreteDistributionOfPairedFlips() {
        // 10 pairs: 3 fail->pass, 7 ties. Resampled delta = (wins among 10 draws) / 10 ~ Binomial(10, 0.3) / 10:
        // P(X <= 0) = 0.028 > 2.5 %, so the lower bound is 0; P(X <= 5) = 0.953, P(X <= 6) = 0.989: upper 0.6
        double[] baseline = {0, 0, 0, 1, 1, 1, 1, 0, 0, 1};
        double[] candidate = {1, 1, 1, 1, 1, 1, 1, 0, 0, 1};
        assertThat(binomialCdf(10, 0.3, 0)).isGreaterThan(0.025);
        assertThat(binomialCdf(10, 0.3, 5)).isLessThan(0.975);
        assertThat(binomialCdf(10, 0.3, 6)).isGreaterThan(0.975);
        EvaluationResult[] runs = ComparisonRuns.numericRuns("score", baseline, candidate);

        ConfidenceInterval ci = EvalComparison.builder(runs[0], runs[1])
                .resamples(20_000)
                .build()
                .scorer("score")
                .deltaInterval()
                .orElseThrow();

        assertThat(ci.lower()).isCloseTo(0.0, within(1e-12));
        assertThat(ci.upper()).isCloseTo(0.6, within(1e-12));
    }

    /** mean(candidate*) - mean(baseline*) for every one of the n^n ordered resamples of the pairs. */
    private static double[] exactPairedResampleDeltas(double[] baseline, double[] candidate) {
        int n = baseline.length;
        int total = (int) Math.pow(n, n);
        double[] deltas = new double[total];
        int[] draw = new int[n];
        for (int k = 0; k < total; k++) {
            double sumB = 0;
            double sumC = 0;
            for (int i = 0; i < n; i++) {
                sumB += baseline[draw[i]];
                sumC += candidate[draw[i]];
            }
            deltas[k] = sumC / n - sumB / n;
            for (int i = 0; i < n && ++draw[i] == n; i++) {
                draw[i] = 0;
            }
        }
        Arrays.sort(deltas);
        return deltas;
    }

    /** The textbook loop: draw n pair indices with replacement, difference of the two resampled means. */
    private static double[] pairResampling(double[] baseline, double[] candidate, int resamples, long seed) {
        int n = baseline.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] deltas = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sumB = 0;
            double sumC = 0;
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                sumB += baseline[j];
                sumC += candidate[j];
            }
            deltas[b] = sumC / n - sumB / n;
        }
        Arrays.sort(deltas);
        return deltas;
    }

    /** numpy's default quantile: linear between the order statistics around (n - 1) p. */
    private static double quantile(double[] sorted, double p) {
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
