package io.mlflowlite.bench;

import java.util.List;

/**
 * Whether a series sampled over a soak grows: the means of its first and last quarters, and the slope of a
 * least-squares line through all samples (per minute). A leak shows as a last quarter above the first and a
 * positive slope that does not shrink as the soak gets longer; a garbage-collected heap's sawtooth averages out.
 *
 * @param firstQuarterMean mean of the first quarter of the samples
 * @param lastQuarterMean  mean of the last quarter
 * @param slopePerMinute   least-squares slope, units per minute
 */
record Trend(double firstQuarterMean, double lastQuarterMean, double slopePerMinute) {

    /** @param samples (seconds since the start, value) pairs, at least four */
    static Trend of(List<double[]> samples) {
        int n = samples.size();
        if (n < 4) {
            throw new IllegalArgumentException("a trend needs at least 4 samples, got " + n);
        }
        int quarter = n / 4;
        double first = 0;
        double last = 0;
        for (int i = 0; i < quarter; i++) {
            first += samples.get(i)[1];
            last += samples.get(n - 1 - i)[1];
        }
        double meanT = 0;
        double meanV = 0;
        for (double[] s : samples) {
            meanT += s[0] / n;
            meanV += s[1] / n;
        }
        double covariance = 0;
        double variance = 0;
        for (double[] s : samples) {
            covariance += (s[0] - meanT) * (s[1] - meanV);
            variance += (s[0] - meanT) * (s[0] - meanT);
        }
        return new Trend(first / quarter, last / quarter, variance == 0 ? 0 : covariance / variance * 60);
    }

    /** Last quarter over first, minus one: +0.05 is 5 % growth. */
    double growth() {
        return lastQuarterMean / firstQuarterMean - 1;
    }
}
