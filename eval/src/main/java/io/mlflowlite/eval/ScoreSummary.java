package io.mlflowlite.eval;

import io.mlflowlite.chat.FeedbackValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One assessment aggregated over a run's rows. Skipped and failed feedbacks are counted, never averaged in.
 * Immutable.
 *
 * @param name        the feedback name ({@code correctness})
 * @param kind        what its values are
 * @param count       rows with a value
 * @param skipped     rows where it was skipped (missing field, cost cap)
 * @param errors      rows where it failed (or the prediction failed)
 * @param mean        the mean: of the numbers, or of the verdicts as 1/0 (the pass rate); empty for text or no values
 * @param interval    the bootstrap confidence interval of {@link #mean}; empty when there is no mean
 * @param valueCounts how often each value occurred (verdicts as {@code yes}/{@code no}), for text values especially
 */
public record ScoreSummary(
        String name,
        ValueKind kind,
        int count,
        int skipped,
        int errors,
        OptionalDouble mean,
        Optional<ConfidenceInterval> interval,
        Map<String, Integer> valueCounts) {

    public ScoreSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        mean = mean == null ? OptionalDouble.empty() : mean;
        interval = interval == null ? Optional.empty() : interval;
        valueCounts = valueCounts == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(valueCounts));
    }

    /** The pass rate of a verdict scorer; empty for numbers, text, or when no row has a value. */
    public OptionalDouble passRate() {
        return kind == ValueKind.BOOLEAN ? mean : OptionalDouble.empty();
    }

    /** Rows this assessment appears on: values, skips and errors. */
    public int total() {
        return count + skipped + errors;
    }

    /** {@code correctness  pass rate 0.8333 [0.5, 1] (n=6, 1 skipped, 0 errors)}. */
    @Override
    public String toString() {
        String what = switch (kind) {
            case BOOLEAN -> "pass rate " + FeedbackValues.number(mean.orElse(Double.NaN));
            case NUMERIC -> "mean " + FeedbackValues.number(mean.orElse(Double.NaN));
            case TEXT -> "values " + valueCounts;
            case NONE -> "no values";
        };
        return name + "  " + what + interval.map(i -> " " + i).orElse("") + " (n=" + count + ", " + skipped
                + " skipped, " + errors + " errors)";
    }
}
