package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.chat.FeedbackValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * Gates a build on an evaluation, in any test framework: failures are {@link AssertionError}s whose message says
 * what was expected, what the run measured (with counts and the 95 % interval) and which rows failed.
 *
 * <pre>{@code
 * EvalAssertions.assertThat(result)
 *         .noErrors()
 *         .passRate("correctness").isAtLeast(0.9)
 *         .passRate("safety").lowerBoundIsAtLeast(0.95)   // the 95 % interval's lower bound
 *         .mean("latency").isAtMost(2.0);
 * }</pre>
 */
public final class EvalAssertions {
    private static final int ROWS_SHOWN = 5;

    private EvalAssertions() {}

    /** Assertions on {@code result}. */
    public static ResultAssert assertThat(EvaluationResult result) {
        return new ResultAssert(result);
    }

    /** Assertions on a whole result. Each returns this, to chain. */
    public static final class ResultAssert {
        private final EvaluationResult result;

        private ResultAssert(EvaluationResult result) {
            this.result = result;
        }

        /** No prediction failed and no feedback is in error. */
        public ResultAssert noErrors() {
            List<String> problems = new ArrayList<>();
            for (RowResult row : result.rows()) {
                row.error().ifPresent(e -> problems.add("row " + row.index() + ": prediction failed: " + e));
                if (row.error().isEmpty()) {
                    row.feedbacks().stream()
                            .filter(Feedback::isError)
                            .forEach(f -> problems.add("row " + row.index() + " " + f.name() + ": " + f.rationale()));
                }
            }
            if (!problems.isEmpty()) {
                throw new AssertionError("Expected no errors in " + runName() + " but found " + problems.size()
                        + ":\n  "
                        + String.join("\n  ", problems.subList(0, Math.min(problems.size(), 10)))
                        + (problems.size() > 10 ? "\n  … and " + (problems.size() - 10) + " more" : ""));
            }
            return this;
        }

        /** The pass rate of verdict assessment {@code name} (yes/no, booleans). */
        public ScoreAssert passRate(String name) {
            ScoreSummary summary = summary(name);
            if (summary.kind() != ValueKind.BOOLEAN && summary.kind() != ValueKind.NONE) {
                throw new AssertionError(name + " in " + runName() + " has "
                        + summary.kind().name().toLowerCase(Locale.ROOT) + " values, not verdicts; use mean(\"" + name
                        + "\")");
            }
            return new ScoreAssert(this, summary, "pass rate");
        }

        /** The mean of assessment {@code name} (numbers; verdicts count as 1/0). */
        public ScoreAssert mean(String name) {
            ScoreSummary summary = summary(name);
            if (summary.kind() == ValueKind.TEXT) {
                throw new AssertionError(
                        name + " in " + runName() + " has text values " + summary.valueCounts() + "; it has no mean");
            }
            return new ScoreAssert(this, summary, "mean");
        }

        private ScoreSummary summary(String name) {
            Optional<ScoreSummary> summary = result.aggregateScores().get(name);
            if (summary.isEmpty()) {
                throw new AssertionError("No assessment named '" + name + "' in " + runName() + "; it has "
                        + (result.aggregateScores().names().isEmpty()
                                ? "none"
                                : String.join(", ", result.aggregateScores().names())));
            }
            return summary.get();
        }

        private String runName() {
            return "run " + result.run().runId() + " '" + result.run().name() + "'";
        }

        /** Rows whose {@code name} feedback is a failing verdict or in error, for the failure message. */
        private List<String> failingRows(String name) {
            List<String> rows = new ArrayList<>();
            for (RowResult row : result.rows()) {
                row.feedback(name).ifPresent(f -> {
                    boolean failed = f.isError() || f.asBoolean().map(b -> !b).orElse(false);
                    if (failed) {
                        rows.add("row " + row.index() + " (" + TextOf.request(row.inputs()) + "): " + f.display()
                                + (f.rationale().isEmpty() ? "" : " — " + f.rationale()));
                    }
                });
            }
            return rows;
        }
    }

    /** Assertions on one aggregate; each returns the result's assertions, to chain. */
    public static final class ScoreAssert {
        private final ResultAssert parent;
        private final ScoreSummary summary;
        private final String what;

        private ScoreAssert(ResultAssert parent, ScoreSummary summary, String what) {
            this.parent = parent;
            this.summary = summary;
            this.what = what;
        }

        /** The value is at least {@code min}. */
        public ResultAssert isAtLeast(double min) {
            return check(v -> v >= min, "≥ " + FeedbackValues.number(min), value());
        }

        /** The value is at most {@code max}. */
        public ResultAssert isAtMost(double max) {
            return check(v -> v <= max, "≤ " + FeedbackValues.number(max), value());
        }

        /** The value is within {@code [min, max]}. */
        public ResultAssert isBetween(double min, double max) {
            return check(
                    v -> v >= min && v <= max,
                    "within [" + FeedbackValues.number(min) + ", " + FeedbackValues.number(max) + "]",
                    value());
        }

        /** The 95 % interval's lower bound is at least {@code min}: the value is that high with confidence. */
        public ResultAssert lowerBoundIsAtLeast(double min) {
            return check(
                    v -> v >= min,
                    "with its 95% CI lower bound ≥ " + FeedbackValues.number(min),
                    summary.interval().map(ConfidenceInterval::lower).orElse(Double.NaN));
        }

        /** The 95 % interval's upper bound is at most {@code max}. */
        public ResultAssert upperBoundIsAtMost(double max) {
            return check(
                    v -> v <= max,
                    "with its 95% CI upper bound ≤ " + FeedbackValues.number(max),
                    summary.interval().map(ConfidenceInterval::upper).orElse(Double.NaN));
        }

        private double value() {
            return summary.mean().orElse(Double.NaN);
        }

        private ResultAssert check(DoublePredicate ok, String expected, double actual) {
            if (summary.count() == 0) {
                throw new AssertionError("Expected " + what + " of " + summary.name() + " " + expected + " in "
                        + parent.runName() + " but no row has a value (" + summary.skipped() + " skipped, "
                        + summary.errors() + " errors)");
            }
            if (!ok.test(actual)) {
                List<String> failing = parent.failingRows(summary.name());
                StringBuilder message = new StringBuilder("Expected " + what + " of " + summary.name() + " " + expected
                        + " but " + what + " was " + FeedbackValues.number(value()) + " (n=" + summary.count()
                        + summary.interval().map(i -> ", 95% CI " + i).orElse("") + ", " + summary.skipped()
                        + " skipped, " + summary.errors() + " errors) in " + parent.runName());
                if (!failing.isEmpty()) {
                    message.append("\nfailing rows:");
                    failing.stream()
                            .limit(ROWS_SHOWN)
                            .forEach(r -> message.append("\n  ").append(r));
                    if (failing.size() > ROWS_SHOWN) {
                        message.append("\n  … and ")
                                .append(failing.size() - ROWS_SHOWN)
                                .append(" more");
                    }
                }
                throw new AssertionError(message.toString());
            }
            return parent;
        }
    }
}
