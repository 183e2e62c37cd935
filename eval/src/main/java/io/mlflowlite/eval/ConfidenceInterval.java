package io.mlflowlite.eval;

import io.mlflowlite.chat.FeedbackValues;

/**
 * A confidence interval of a mean or pass rate, from a seeded percentile bootstrap ({@link Bootstrap}). Immutable.
 *
 * @param lower     the lower bound
 * @param upper     the upper bound
 * @param level     the confidence level, {@code 0.95}
 * @param resamples bootstrap resamples drawn
 */
public record ConfidenceInterval(double lower, double upper, double level, int resamples) {
    public ConfidenceInterval {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("lower " + lower + " is above upper " + upper);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be between 0 and 1, was " + level);
        }
    }

    /** Whether {@code value} lies within the bounds (inclusive). */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    /** {@code [0.7500, 0.9500]}. */
    @Override
    public String toString() {
        return "[" + FeedbackValues.number(lower) + ", " + FeedbackValues.number(upper) + "]";
    }
}
