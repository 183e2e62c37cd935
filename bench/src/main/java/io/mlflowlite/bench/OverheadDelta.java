package io.mlflowlite.bench;

/**
 * The gateway-overhead histogram over an interval (the difference of two scrapes), and its quantiles.
 *
 * <p>A Prometheus histogram only knows how many values fell in each bucket, so a quantile is interpolated
 * linearly inside the bucket that holds it, as PromQL's {@code histogram_quantile} does: the answer is exact
 * only to the bucket (the server's bounds near the targets are 100, 250, 500 µs, 1 ms). The share of requests
 * at or under a bound, on the other hand, is exact: {@link #shareAtMost} of 0.5 ms tells whether p99 ≤ 0.5 ms
 * without any interpolation.
 *
 * @param bounds     finite upper bounds, seconds
 * @param cumulative cumulative counts per bound, then {@code +Inf}
 * @param sumSeconds the total overhead recorded
 */
record OverheadDelta(double[] bounds, long[] cumulative, double sumSeconds) {

    long count() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    double meanSeconds() {
        return count() == 0 ? Double.NaN : sumSeconds / count();
    }

    /** The interpolated {@code q} quantile (0–1) in seconds; infinity when it lies past the largest bound. */
    double quantile(double q) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= rank) {
                double lower = i == 0 ? 0 : bounds[i - 1];
                long below = i == 0 ? 0 : cumulative[i - 1];
                long inBucket = cumulative[i] - below;
                return inBucket == 0 ? bounds[i] : lower + (bounds[i] - lower) * (rank - below) / inBucket;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The bucket {@code [lower, upper]} (seconds) that holds the {@code q} quantile. */
    double[] bucketOf(double q) {
        double rank = q * count();
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= rank) {
                return new double[] {i == 0 ? 0 : bounds[i - 1], bounds[i]};
            }
        }
        return new double[] {bounds[bounds.length - 1], Double.POSITIVE_INFINITY};
    }

    /** The exact share of requests whose overhead was at most {@code bound} seconds, which must be a bucket bound. */
    double shareAtMost(double bound) {
        for (int i = 0; i < bounds.length; i++) {
            if (Math.abs(bounds[i] - bound) < 1e-12) {
                return count() == 0 ? Double.NaN : (double) cumulative[i] / count();
            }
        }
        throw new IllegalArgumentException(bound + " s is not a bound of the overhead histogram");
    }
}
