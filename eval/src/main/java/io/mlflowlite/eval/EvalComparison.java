package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.chat.FeedbackValues;
import io.mlflowlite.json.Json;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Two runs side by side — typically today's model (baseline) and a candidate — on the same questions: per
 * assessment the means, the delta with a paired bootstrap 95 % interval and wins/losses/ties per row; latency p50/p95
 * and cost (the application's and the judges' apart); and the rows that regressed with both outputs.
 * {@link #toTable()} prints it, {@link #toHtml()} is a self-contained report with charts.
 *
 * <p>Rows pair by dataset index when both runs have the same dataset fingerprint, else by equal inputs (duplicates
 * in order of appearance); rows found in one run only are listed, never paired. The interval resamples the pairs
 * together (a row's baseline and candidate values stay one unit), seeded, so it is reproducible and narrower than
 * comparing two independent intervals when the rows vary more than the models. Immutable and thread-safe; computed
 * once when built, no I/O.
 */
public final class EvalComparison {
    /** Assessments where a lower value is better unless told otherwise: the measurement scorers. */
    public static final Set<String> LOWER_IS_BETTER = Set.of("latency", "cost", "token_count");
    /** Feedback metadata key naming the better direction, {@code "lower"} or {@code "higher"} (the default). */
    public static final String DIRECTION = "mlflowlite.better";

    /** How rows were matched. */
    public enum Pairing {
        /** Same dataset fingerprint: row {@code i} with row {@code i}. */
        BY_INDEX,
        /** Different datasets: rows with equal inputs (compared as canonical JSON). */
        BY_INPUTS
    }

    private final EvaluationResult baseline;
    private final EvaluationResult candidate;
    private final Pairing pairing;
    private final List<RowDiff> pairs;
    private final List<RowResult> onlyInBaseline;
    private final List<RowResult> onlyInCandidate;
    private final List<ScorerDelta> scorers;
    private final Optional<LatencyDelta> latency;
    private final CostDelta cost;
    private final long seed;
    private final int resamples;

    private EvalComparison(Builder b) {
        this.baseline = b.baseline;
        this.candidate = b.candidate;
        this.seed = b.seed;
        this.resamples = b.resamples;
        this.pairing =
                baseline.run().datasetFingerprint().equals(candidate.run().datasetFingerprint())
                        ? Pairing.BY_INDEX
                        : Pairing.BY_INPUTS;
        List<RowResult[]> matched = new ArrayList<>();
        List<RowResult> leftBaseline = new ArrayList<>();
        List<RowResult> leftCandidate = new ArrayList<>();
        match(matched, leftBaseline, leftCandidate);
        this.onlyInBaseline = List.copyOf(leftBaseline);
        this.onlyInCandidate = List.copyOf(leftCandidate);

        Set<String> names = new LinkedHashSet<>();
        baseline.rows().forEach(r -> r.feedbacks().forEach(f -> names.add(f.name())));
        candidate.rows().forEach(r -> r.feedbacks().forEach(f -> names.add(f.name())));
        Map<Integer, Map<String, RowDiff.Outcome>> outcomes = new HashMap<>();
        List<ScorerDelta> deltas = new ArrayList<>();
        for (String name : names) {
            deltas.add(ScorerComparison.compare(
                    name,
                    kindOf(name),
                    lowerIsBetter(name, b.lowerIsBetter),
                    matched,
                    outcomes,
                    seed,
                    resamples,
                    b.level));
        }
        this.scorers = List.copyOf(deltas);
        List<RowDiff> diffs = new ArrayList<>();
        for (int i = 0; i < matched.size(); i++) {
            Map<String, RowDiff.Outcome> ordered = new LinkedHashMap<>();
            Map<String, RowDiff.Outcome> found = outcomes.getOrDefault(i, Map.of());
            for (String name : names) {
                if (found.containsKey(name)) {
                    ordered.put(name, found.get(name));
                }
            }
            diffs.add(new RowDiff(matched.get(i)[0], matched.get(i)[1], ordered));
        }
        this.pairs = List.copyOf(diffs);
        this.latency = latencyOf(pairs);
        EvalUsage baseApp = EvalUsage.ZERO;
        EvalUsage candApp = EvalUsage.ZERO;
        for (RowDiff d : pairs) {
            baseApp = baseApp.plus(d.baseline().usage());
            candApp = candApp.plus(d.candidate().usage());
        }
        this.cost = new CostDelta(
                baseApp, candApp, baseline.run().judgeUsage(), candidate.run().judgeUsage());
    }

    /**
     * Compares {@code candidate} against {@code baseline} with the default settings: 95 % intervals from
     * {@value Bootstrap#DEFAULT_RESAMPLES} (or the candidate's configured count, if higher) paired resamples seeded
     * by the candidate run's seed, lower-is-better for {@link #LOWER_IS_BETTER} and feedbacks marked so.
     */
    public static EvalComparison of(EvaluationResult baseline, EvaluationResult candidate) {
        return builder(baseline, candidate).build();
    }

    /** A comparison with other settings. */
    public static Builder builder(EvaluationResult baseline, EvaluationResult candidate) {
        return new Builder(baseline, candidate);
    }

    public EvalRun baseline() {
        return baseline.run();
    }

    public EvalRun candidate() {
        return candidate.run();
    }

    /** The baseline run with its rows. */
    public EvaluationResult baselineResult() {
        return baseline;
    }

    /** The candidate run with its rows. */
    public EvaluationResult candidateResult() {
        return candidate;
    }

    /** How rows were matched. */
    public Pairing pairing() {
        return pairing;
    }

    /** Every paired row, in the baseline's order, with each assessment's outcome. */
    public List<RowDiff> pairs() {
        return pairs;
    }

    /** Baseline rows with no partner in the candidate (not compared). */
    public List<RowResult> onlyInBaseline() {
        return onlyInBaseline;
    }

    /** Candidate rows with no partner in the baseline (not compared). */
    public List<RowResult> onlyInCandidate() {
        return onlyInCandidate;
    }

    /** One delta per assessment found in either run, in order of first appearance (baseline first). */
    public List<ScorerDelta> scorers() {
        return scorers;
    }

    /** The delta of {@code name}; throws {@link IllegalArgumentException} listing the names there are. */
    public ScorerDelta scorer(String name) {
        return scorers.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No assessment named '" + name
                        + "' in either run; they have "
                        + (scorers.isEmpty()
                                ? "none"
                                : String.join(
                                        ", ",
                                        scorers.stream().map(ScorerDelta::name).toList()))));
    }

    /** Latency of the paired rows; empty when no pair has a known latency on both sides. */
    public Optional<LatencyDelta> latency() {
        return latency;
    }

    public CostDelta cost() {
        return cost;
    }

    /** The rows that got worse: a loss on any assessment, or a prediction that newly failed. In baseline order. */
    public List<RowDiff> regressions() {
        return pairs.stream().filter(RowDiff::regressed).toList();
    }

    /** The bootstrap seed the intervals used. */
    public long seed() {
        return seed;
    }

    /** Paired resamples drawn per interval. */
    public int resamples() {
        return resamples;
    }

    /** A terminal-readable report, listing up to 20 regressed rows. */
    public String toTable() {
        return toTable(20);
    }

    /** A terminal-readable report, listing up to {@code maxRegressions} regressed rows. */
    public String toTable(int maxRegressions) {
        return ComparisonText.render(this, maxRegressions);
    }

    /**
     * A self-contained HTML page: inline CSS and SVG charts (per-assessment bars with their intervals, the paired
     * deltas, latency and cost), the regressed rows with both outputs. No script and no external asset; every value
     * from the runs is HTML-escaped.
     */
    public String toHtml() {
        return ComparisonHtml.render(this);
    }

    /**
     * The body of {@link #toHtml()} without the page around it, for a page that embeds the comparison (the web
     * UI): every value from the runs is HTML-escaped, as in {@link #toHtml()}. Style it with {@link #htmlStyle()}.
     */
    public String toHtmlFragment() {
        return ComparisonHtml.fragment(this);
    }

    /** The CSS rules {@link #toHtml()} and {@link #toHtmlFragment()} are drawn with. */
    public static String htmlStyle() {
        return ComparisonHtml.CSS;
    }

    @Override
    public String toString() {
        return "EvalComparison{" + baseline.run().runId() + " vs "
                + candidate.run().runId() + ", " + pairs.size() + " pairs " + pairing + ", "
                + regressions().size() + " regressed}";
    }

    private void match(List<RowResult[]> matched, List<RowResult> leftBaseline, List<RowResult> leftCandidate) {
        if (pairing == Pairing.BY_INDEX) {
            Map<Integer, RowResult> byIndex = new LinkedHashMap<>();
            candidate.rows().forEach(r -> byIndex.put(r.index(), r));
            for (RowResult row : baseline.rows()) {
                RowResult other = byIndex.remove(row.index());
                if (other == null) {
                    leftBaseline.add(row);
                } else {
                    matched.add(new RowResult[] {row, other});
                }
            }
            leftCandidate.addAll(byIndex.values());
            return;
        }
        Map<String, Deque<RowResult>> byInputs = new LinkedHashMap<>();
        candidate
                .rows()
                .forEach(r -> byInputs.computeIfAbsent(
                                CanonicalJson.write(Json.tree(r.inputs())), k -> new ArrayDeque<>())
                        .add(r));
        for (RowResult row : baseline.rows()) {
            Deque<RowResult> same = byInputs.get(CanonicalJson.write(Json.tree(row.inputs())));
            RowResult other = same == null ? null : same.poll();
            if (other == null) {
                leftBaseline.add(row);
            } else {
                matched.add(new RowResult[] {row, other});
            }
        }
        byInputs.values().forEach(leftCandidate::addAll);
        leftCandidate.sort(java.util.Comparator.comparingInt(RowResult::index));
    }

    /** The kind of {@code name}'s values over both runs, so both sides read their values the same way. */
    private ValueKind kindOf(String name) {
        List<Object> values = new ArrayList<>();
        for (EvaluationResult result : List.of(baseline, candidate)) {
            for (RowResult row : result.rows()) {
                row.feedback(name).filter(Feedback::isOk).ifPresent(f -> values.add(f.value()));
            }
        }
        return AggregateScores.kindOf(values);
    }

    private boolean lowerIsBetter(String name, Set<String> lower) {
        for (EvaluationResult result : List.of(baseline, candidate)) {
            for (RowResult row : result.rows()) {
                Optional<String> direction =
                        row.feedback(name).map(f -> f.metadata().get(DIRECTION));
                if (direction.isPresent()) {
                    return "lower".equalsIgnoreCase(direction.get());
                }
            }
        }
        return lower.contains(name);
    }

    private static Optional<LatencyDelta> latencyOf(List<RowDiff> pairs) {
        List<double[]> known = new ArrayList<>();
        for (RowDiff d : pairs) {
            long b = d.baseline().latency().toNanos();
            long c = d.candidate().latency().toNanos();
            if (b > 0 && c > 0) {
                known.add(new double[] {b, c});
            }
        }
        if (known.isEmpty()) {
            return Optional.empty();
        }
        double[] b = known.stream().mapToDouble(x -> x[0]).sorted().toArray();
        double[] c = known.stream().mapToDouble(x -> x[1]).sorted().toArray();
        return Optional.of(new LatencyDelta(
                known.size(),
                nanos(Bootstrap.quantile(b, 0.5)),
                nanos(Bootstrap.quantile(c, 0.5)),
                nanos(Bootstrap.quantile(b, 0.95)),
                nanos(Bootstrap.quantile(c, 0.95))));
    }

    private static Duration nanos(double value) {
        return Duration.ofNanos(Math.round(value));
    }

    /** {@code +0.1}, {@code -0.25}, {@code 0}. */
    static String signed(double value) {
        String text = FeedbackValues.number(value);
        return value > 0 && !text.equals("0") ? "+" + text : text;
    }

    /** Builds a comparison with other bootstrap settings or directions. Not thread-safe. */
    public static final class Builder {
        private final EvaluationResult baseline;
        private final EvaluationResult candidate;
        private long seed;
        private int resamples;
        private double level = Bootstrap.DEFAULT_LEVEL;
        private final Set<String> lowerIsBetter = new LinkedHashSet<>(LOWER_IS_BETTER);

        private Builder(EvaluationResult baseline, EvaluationResult candidate) {
            this.baseline = Objects.requireNonNull(baseline, "baseline");
            this.candidate = Objects.requireNonNull(candidate, "candidate");
            this.seed = candidate.seed();
            this.resamples = Math.max(Bootstrap.DEFAULT_RESAMPLES, candidate.resamples());
        }

        /** The bootstrap seed (default: the candidate run's {@code seed} parameter, 0 when absent). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Paired resamples per interval (default {@value Bootstrap#DEFAULT_RESAMPLES}); at least 1. */
        public Builder resamples(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("resamples must be >= 1, was " + value);
            }
            this.resamples = value;
            return this;
        }

        /** The intervals' confidence level (default 0.95), between 0 and 1. */
        public Builder level(double value) {
            if (!(value > 0 && value < 1)) {
                throw new IllegalArgumentException("level must be between 0 and 1, was " + value);
            }
            this.level = value;
            return this;
        }

        /** Names whose lower values are better, in addition to {@link #LOWER_IS_BETTER}. */
        public Builder lowerIsBetter(String... names) {
            lowerIsBetter.addAll(Arrays.asList(names));
            return this;
        }

        public EvalComparison build() {
            return new EvalComparison(this);
        }
    }

    /** Percent for verdicts, plain numbers otherwise. */
    static String mean(ScorerDelta s, OptionalDouble value) {
        if (value.isEmpty()) {
            return "-";
        }
        return s.kind() == ValueKind.BOOLEAN
                ? AggregateScores.percent(value.getAsDouble())
                : FeedbackValues.number(value.getAsDouble());
    }
}
