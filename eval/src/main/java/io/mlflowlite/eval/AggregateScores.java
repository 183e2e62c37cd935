package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.chat.FeedbackValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Every assessment of a run aggregated: count, skipped, errors, mean or pass rate, and a 95 % percentile bootstrap
 * interval (seeded by the run's seed, so it is reproducible). In the order the assessments first appear in the
 * rows. {@link #toString()} is a readable table. Immutable.
 */
public final class AggregateScores {
    private final Map<String, ScoreSummary> summaries;

    private AggregateScores(Map<String, ScoreSummary> summaries) {
        this.summaries = summaries;
    }

    /** Aggregates {@code rows} with {@code resamples} bootstrap resamples at {@code level}, seeded by {@code seed}. */
    public static AggregateScores of(List<RowResult> rows, long seed, int resamples, double level) {
        Map<String, List<Feedback>> byName = new LinkedHashMap<>();
        for (RowResult row : rows) {
            for (Feedback f : row.feedbacks()) {
                byName.computeIfAbsent(f.name(), n -> new ArrayList<>()).add(f);
            }
        }
        Map<String, ScoreSummary> out = new LinkedHashMap<>();
        byName.forEach((name, feedbacks) -> out.put(name, summarize(name, feedbacks, seed, resamples, level)));
        return new AggregateScores(java.util.Collections.unmodifiableMap(out));
    }

    private static ScoreSummary summarize(
            String name, List<Feedback> feedbacks, long seed, int resamples, double level) {
        int skipped = 0;
        int errors = 0;
        List<Object> values = new ArrayList<>();
        for (Feedback f : feedbacks) {
            switch (f.status()) {
                case SKIPPED -> skipped++;
                case ERROR -> errors++;
                case OK -> values.add(f.value());
            }
        }
        ValueKind kind = kindOf(values);
        Map<String, Integer> counts = new LinkedHashMap<>();
        double[] numbers = new double[values.size()];
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            Optional<Boolean> verdict = FeedbackValues.asBoolean(v);
            String key = verdict.map(b -> b ? "yes" : "no").orElseGet(() -> FeedbackValues.display(v));
            counts.merge(key, 1, Integer::sum);
            numbers[i] = verdict.isPresent()
                    ? (verdict.get() ? 1 : 0)
                    : FeedbackValues.asNumber(v).orElse(Double.NaN);
        }
        OptionalDouble mean = OptionalDouble.empty();
        Optional<ConfidenceInterval> interval = Optional.empty();
        if (kind == ValueKind.BOOLEAN || kind == ValueKind.NUMERIC) {
            mean = OptionalDouble.of(Bootstrap.mean(numbers));
            interval = Optional.of(Bootstrap.meanInterval(numbers, resamples, level, Bootstrap.seedFor(seed, name)));
        }
        return new ScoreSummary(name, kind, values.size(), skipped, errors, mean, interval, counts);
    }

    /** All verdicts: BOOLEAN. Numbers (verdicts among them as 1/0): NUMERIC. Anything else present: TEXT. */
    static ValueKind kindOf(List<Object> values) {
        if (values.isEmpty()) {
            return ValueKind.NONE;
        }
        boolean allVerdicts = true;
        boolean allNumeric = true;
        for (Object v : values) {
            boolean verdict = FeedbackValues.asBoolean(v).isPresent();
            boolean number = v instanceof Number && FeedbackValues.asNumber(v).isPresent();
            allVerdicts &= verdict;
            allNumeric &= verdict || number;
        }
        return allVerdicts ? ValueKind.BOOLEAN : allNumeric ? ValueKind.NUMERIC : ValueKind.TEXT;
    }

    /** Every summary, in order. */
    public List<ScoreSummary> all() {
        return List.copyOf(summaries.values());
    }

    /** The names aggregated, in order. */
    public List<String> names() {
        return List.copyOf(summaries.keySet());
    }

    /** The summary of {@code name}, if any row has that assessment. */
    public Optional<ScoreSummary> get(String name) {
        return Optional.ofNullable(summaries.get(name));
    }

    /** The summary of {@code name}; throws {@link IllegalArgumentException} listing the names there are. */
    public ScoreSummary require(String name) {
        ScoreSummary summary = summaries.get(name);
        if (summary == null) {
            throw new IllegalArgumentException("No assessment named '" + name + "' in this run; it has "
                    + (summaries.isEmpty() ? "none" : String.join(", ", summaries.keySet())));
        }
        return summary;
    }

    /** As a map from name to summary, in order. */
    public Map<String, ScoreSummary> asMap() {
        return summaries;
    }

    /** A table: name, kind, pass rate or mean, 95 % interval, n, skipped, errors. */
    @Override
    public String toString() {
        TextTable table = new TextTable(
                List.of("scorer", "value", "95% CI", "n", "skipped", "errors"),
                List.of(false, true, false, true, true, true));
        for (ScoreSummary s : summaries.values()) {
            String value = switch (s.kind()) {
                case BOOLEAN -> "pass " + percent(s.mean().orElseThrow());
                case NUMERIC -> "mean " + FeedbackValues.number(s.mean().orElseThrow());
                case TEXT -> s.valueCounts().toString();
                case NONE -> "-";
            };
            String ci = s.interval()
                    .map(i -> s.kind() == ValueKind.BOOLEAN
                            ? "[" + percent(i.lower()) + ", " + percent(i.upper()) + "]"
                            : i.toString())
                    .orElse("");
            table.add(List.of(
                    s.name(),
                    value,
                    ci,
                    Integer.toString(s.count()),
                    Integer.toString(s.skipped()),
                    Integer.toString(s.errors())));
        }
        return table.render();
    }

    static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
