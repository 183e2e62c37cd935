package io.mlflowlite.experiments.stats;

/**
 * A closed interval {@code [lower, upper]} of real numbers, possibly unbounded ({@code ±Infinity}) when there is
 * not yet enough data. Immutable.
 *
 * @param lower the lower bound
 * @param upper the upper bound, not below {@code lower}
 */
public record Interval(double lower, double upper) {
    /** The interval that says nothing: {@code (−∞, +∞)}. */
    public static final Interval UNBOUNDED = new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public Interval {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException(
                    "an interval needs lower <= upper and no NaN, got [" + lower + ", " + upper + "]");
        }
    }

    /** {@code center ± halfWidth}. */
    public static Interval around(double center, double halfWidth) {
        return new Interval(center - halfWidth, center + halfWidth);
    }

    /** Whether {@code x} lies in the interval (bounds included). */
    public boolean contains(double x) {
        return lower <= x && x <= upper;
    }

    /** {@code upper − lower} (infinite when unbounded). */
    public double width() {
        return upper - lower;
    }

    /** Whether both bounds are finite. */
    public boolean bounded() {
        return Double.isFinite(lower) && Double.isFinite(upper);
    }

    /**
     * The intersection with {@code other}, which an always-valid confidence sequence allows (every interval of the
     * sequence covers the truth simultaneously); when the two are disjoint (possible only when the normal
     * approximation is off, e.g. with very few samples) this interval is returned unchanged.
     */
    public Interval intersect(Interval other) {
        double lo = Math.max(lower, other.lower);
        double hi = Math.min(upper, other.upper);
        return lo <= hi ? new Interval(lo, hi) : this;
    }
}
