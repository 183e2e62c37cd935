package io.mlflowlite.experiments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.experiments.ab.VariantMetrics;
import io.mlflowlite.experiments.stats.Comparison;
import io.mlflowlite.experiments.stats.Direction;
import io.mlflowlite.experiments.stats.Moments;
import io.mlflowlite.experiments.stats.Sample;
import io.mlflowlite.experiments.stats.SequentialTest;
import io.mlflowlite.experiments.stats.Verdict;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.TraceStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an experiment has shown so far, read at any time: per variant its calls, latency p50/p95, cost, tokens,
 * error and fallback rates and quality scores; per candidate (every variant but the control) each metric's
 * difference from the control with its always-valid 95 % interval, p-value, fixed-horizon interval (labelled),
 * minimum detectable effect and sample size needed; and a decision. Because the intervals are always valid, the
 * report may be read every hour without inflating its error rate. Immutable.
 *
 * <p>The decision for a candidate: <b>harm</b> when any metric's interval lies wholly on its bad side; else
 * <b>winner</b> when the primary metric's (the first quality score, or the error rate when no call was scored)
 * lies wholly on its good side; else <b>no difference yet</b>.
 *
 * @param experiment  the experiment as read
 * @param variants    each variant's metrics, control first
 * @param comparisons each candidate → its metric comparisons with the control
 */
public record ExperimentReport(
        Experiment experiment, Map<String, VariantMetrics> variants, Map<String, List<MetricComparison>> comparisons) {

    /**
     * One metric of one candidate against the control.
     *
     * @param metric     {@code latency_ms}, {@code cost_usd}, {@code error_rate}, {@code fallback_rate}, or a score name
     * @param comparison the statistics
     * @param effect     the effect of interest the interval is tuned to, in the metric's units
     * @param sampleSizePerArm calls per arm needed to detect {@code effect} with 80 % power while watching continuously
     */
    public record MetricComparison(String metric, Comparison comparison, double effect, long sampleSizePerArm) {}

    /** The report of {@code experiment} from its calls' traces since it was created. */
    public static ExperimentReport of(Experiment experiment, TraceStore traces) {
        return of(experiment, TraceMetrics.collect(traces, experiment, experiment.created()));
    }

    /** The report of {@code experiment} over these per-variant metrics (control first). */
    public static ExperimentReport of(Experiment experiment, Map<String, VariantMetrics> variants) {
        VariantMetrics control = variants.get(experiment.control().name());
        Map<String, List<MetricComparison>> comparisons = new LinkedHashMap<>();
        for (Variant v : experiment.variants().subList(1, experiment.variants().size())) {
            comparisons.put(v.name(), compare(control, variants.get(v.name())));
        }
        return new ExperimentReport(experiment, Map.copyOf(variants), comparisons);
    }

    private static List<MetricComparison> compare(VariantMetrics control, VariantMetrics candidate) {
        List<MetricComparison> list = new ArrayList<>();
        List<String> scores = new ArrayList<>(control.scoreNames());
        candidate.scoreNames().stream().filter(s -> !scores.contains(s)).forEach(scores::add);
        java.util.Collections.sort(scores);
        for (String score : scores) {
            Moments c = control.score(score);
            boolean passFail = control.passFail(score) || candidate.passFail(score);
            double effect = passFail ? 0.05 : Math.max(1e-9, 0.1 * Math.abs(c.mean()));
            list.add(metric(score, c.sample(), candidate.score(score).sample(), Direction.HIGHER_IS_BETTER, effect));
        }
        list.add(metric("error_rate", control.errorRate(), candidate.errorRate(), Direction.LOWER_IS_BETTER, 0.02));
        Moments latency = control.latency();
        list.add(metric(
                "latency_ms",
                latency.sample(),
                candidate.latency().sample(),
                Direction.LOWER_IS_BETTER,
                Math.max(1, 0.1 * latency.mean())));
        Moments cost = control.cost();
        list.add(metric(
                "cost_usd",
                cost.sample(),
                candidate.cost().sample(),
                Direction.LOWER_IS_BETTER,
                Math.max(1e-9, 0.1 * cost.mean())));
        list.add(metric(
                "fallback_rate", control.fallbackRate(), candidate.fallbackRate(), Direction.LOWER_IS_BETTER, 0.02));
        return list;
    }

    private static MetricComparison metric(
            String name, Sample control, Sample candidate, Direction direction, double effect) {
        double e = Double.isFinite(effect) && effect > 0 ? effect : 1e-9;
        SequentialTest test = SequentialTest.forEffect(e);
        double cv = control.n() > 1 ? control.testVariance() : Double.NaN;
        double tv = candidate.n() > 1 ? candidate.testVariance() : cv;
        long needed = Double.isFinite(cv) && Double.isFinite(tv) && cv + tv > 0
                ? test.sampleSizePerArm(cv, tv, e, SequentialTest.DEFAULT_POWER)
                : -1;
        return new MetricComparison(name, test.compare(control, candidate, direction), e, needed);
    }

    /** What the report concludes for {@code candidate}: winner, harm or no difference yet, with the reason. */
    public Decision decision(String candidate) {
        List<MetricComparison> metrics = comparisons.get(candidate);
        if (metrics == null) {
            throw new IllegalArgumentException(
                    "'" + candidate + "' is no candidate of experiment '" + experiment.name() + "'");
        }
        for (MetricComparison m : metrics) {
            if (m.comparison().verdict() == Verdict.HARM) {
                return new Decision(Verdict.HARM, candidate + " is worse on " + m.metric() + ": " + describe(m));
            }
        }
        MetricComparison primary = metrics.get(0);
        if (primary.comparison().verdict() == Verdict.WINNER) {
            return new Decision(
                    Verdict.WINNER, candidate + " is better on " + primary.metric() + ": " + describe(primary));
        }
        return new Decision(
                Verdict.NO_DIFFERENCE_YET,
                "no difference on " + primary.metric() + " yet: " + describe(primary)
                        + (primary.sampleSizePerArm() > 0
                                ? "; about " + primary.sampleSizePerArm() + " calls per arm detect a difference of "
                                        + fmt(primary.effect())
                                : ""));
    }

    /** A decision and its reason. */
    public record Decision(Verdict verdict, String reason) {
        /** {@code winner}, {@code harm}, {@code no_difference_yet}. */
        public String label() {
            return verdict.name().toLowerCase(Locale.ROOT);
        }
    }

    private static String describe(MetricComparison m) {
        Comparison c = m.comparison();
        return "difference " + fmt(c.difference()) + ", always-valid 95 % interval ["
                + fmt(c.interval().lower())
                + ", " + fmt(c.interval().upper()) + "] over " + c.control().n() + " vs "
                + c.candidate().n()
                + " calls";
    }

    private static String fmt(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "+inf" : "-inf";
        }
        double a = Math.abs(x);
        return a != 0 && (a < 0.001 || a >= 1e6)
                ? String.format(Locale.ROOT, "%.3g", x)
                : String.format(Locale.ROOT, "%.4f", x).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** The report as JSON (what {@code --output json} and the admin API return). */
    public ObjectNode json() {
        ObjectNode json = Json.object();
        json.set("experiment", ExperimentService.json(experiment));
        ArrayNode rows = json.putArray("variants");
        for (Variant v : experiment.variants()) {
            VariantMetrics m = variants.get(v.name());
            ObjectNode row = rows.addObject();
            row.put("name", v.name());
            row.put("percent", v.percent());
            row.put("calls", m.count());
            row.put("latency_p50_ms", num(m.latencyP50()));
            row.put("latency_p95_ms", num(m.latencyP95()));
            row.put("cost_per_call_usd", num(m.cost().mean()));
            row.put("tokens_in_per_call", num(m.tokensIn().mean()));
            row.put("tokens_out_per_call", num(m.tokensOut().mean()));
            row.put("error_rate", num(m.errorRate().mean()));
            row.put("fallback_rate", num(m.fallbackRate().mean()));
            ObjectNode scores = row.putObject("scores");
            m.scoreNames()
                    .forEach(s -> scores.putObject(s)
                            .put("mean", num(m.score(s).mean()))
                            .put("n", m.score(s).count()));
        }
        ObjectNode candidates = json.putObject("comparisons");
        comparisons.forEach((candidate, metrics) -> {
            ObjectNode c = candidates.putObject(candidate);
            Decision d = decision(candidate);
            c.put("decision", d.label());
            c.put("reason", d.reason());
            ArrayNode list = c.putArray("metrics");
            for (MetricComparison m : metrics) {
                Comparison s = m.comparison();
                ObjectNode row = list.addObject();
                row.put("metric", m.metric());
                row.put("better", s.direction() == Direction.HIGHER_IS_BETTER ? "higher" : "lower");
                row.put("control_n", s.control().n());
                row.put("candidate_n", s.candidate().n());
                row.put("difference", num(s.difference()));
                row.putArray("always_valid_interval")
                        .add(num(s.interval().lower()))
                        .add(num(s.interval().upper()));
                row.put("p_value", num(s.pValue()));
                row.putArray("fixed_horizon_interval")
                        .add(num(s.fixedHorizonInterval().lower()))
                        .add(num(s.fixedHorizonInterval().upper()));
                row.put("minimum_detectable_effect", num(s.minimumDetectableEffect()));
                row.put("effect_of_interest", m.effect());
                row.put("sample_size_per_arm", m.sampleSizePerArm());
                row.put("verdict", s.verdict().name().toLowerCase(Locale.ROOT));
            }
        });
        return json;
    }

    /** JSON has no NaN or infinity: those are null. */
    private static Double num(double x) {
        return Double.isFinite(x) ? x : null;
    }

    /** The report as tables for people. */
    public void print(PrintWriter out) {
        Experiment e = experiment;
        out.println("Experiment " + e.name() + " (route " + e.route() + ", "
                + e.status().name().toLowerCase(Locale.ROOT) + ", by "
                + e.unit().label() + "): " + Experiments.describe(e.variants()));
        out.println();
        out.printf(
                "%-16s %7s %9s %9s %12s %9s %9s %9s  %s%n",
                "VARIANT", "CALLS", "P50 MS", "P95 MS", "COST/CALL", "TOK OUT", "ERRORS", "FALLBACK", "SCORES");
        for (Variant v : e.variants()) {
            VariantMetrics m = variants.get(v.name());
            List<String> scores = new ArrayList<>();
            m.scoreNames()
                    .forEach(s -> scores.add(s + "=" + fmt(m.score(s).mean()) + " (n="
                            + m.score(s).count() + ")"));
            out.printf(
                    "%-16s %7d %9s %9s %12s %9s %8s%% %8s%%  %s%n",
                    v.name(),
                    m.count(),
                    fmt(m.latencyP50()),
                    fmt(m.latencyP95()),
                    "$" + fmt(m.cost().mean()),
                    fmt(m.tokensOut().mean()),
                    fmt(100 * m.errorRate().mean()),
                    fmt(100 * m.fallbackRate().mean()),
                    scores.isEmpty() ? "-" : String.join(", ", scores));
        }
        comparisons.forEach((candidate, metrics) -> {
            out.println();
            Decision d = decision(candidate);
            out.println(candidate + " vs " + e.control().name() + " — decision: "
                    + d.label().replace('_', ' ') + " (" + d.reason() + ")");
            out.printf(
                    "  %-14s %10s %26s %9s %26s %10s %10s%n",
                    "METRIC",
                    "DIFF",
                    "ALWAYS-VALID 95% INTERVAL",
                    "P-VALUE",
                    "FIXED-HORIZON 95% (ONCE)",
                    "MDE",
                    "N NEEDED");
            for (MetricComparison m : metrics) {
                Comparison s = m.comparison();
                out.printf(
                        "  %-14s %10s %26s %9s %26s %10s %10s%n",
                        m.metric(),
                        fmt(s.difference()),
                        "[" + fmt(s.interval().lower()) + ", "
                                + fmt(s.interval().upper()) + "]",
                        fmt(s.pValue()),
                        "[" + fmt(s.fixedHorizonInterval().lower()) + ", "
                                + fmt(s.fixedHorizonInterval().upper()) + "]",
                        fmt(s.minimumDetectableEffect()),
                        m.sampleSizePerArm() < 0 ? "n/a" : Long.toString(m.sampleSizePerArm()));
            }
        });
        out.println();
        out.println("Always-valid intervals stay valid however often this report is read; the fixed-horizon interval"
                + " is valid only when read once at a planned sample size. MDE: the smallest difference the current"
                + " calls detect with 80 % power; N NEEDED: calls per arm to detect the effect of interest.");
        out.flush();
    }
}
