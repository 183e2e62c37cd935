package io.mlflowlite.experiments.ab;

/**
 * One named quality score of a served call: a number (a judge's 1–5 rating, a similarity) or pass/fail (stored as
 * 1 or 0, so its mean is the pass rate). Immutable.
 *
 * @param value the score (1 or 0 for pass/fail)
 * @param passFail whether the score is pass/fail
 */
public record Score(double value, boolean passFail) {
    public Score {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a score must be a finite number, got " + value);
        }
        if (passFail && value != 0 && value != 1) {
            throw new IllegalArgumentException("a pass/fail score must be 0 or 1, got " + value);
        }
    }

    /** A pass/fail score. */
    public static Score pass(boolean passed) {
        return new Score(passed ? 1 : 0, true);
    }

    /** A numeric score. */
    public static Score of(double value) {
        return new Score(value, false);
    }
}
