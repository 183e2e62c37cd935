package io.mlflowlite.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.eval.ConfidenceInterval;
import io.mlflowlite.eval.EvalComparison;
import io.mlflowlite.eval.LatencyDelta;
import io.mlflowlite.eval.ScorerDelta;
import io.mlflowlite.experiments.Rollouts;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a candidate must show before it is rolled out, and the rollout's staged plan. In a YAML file:
 *
 * <pre>{@code
 * quality:
 *   max_drop: 0                  # every scorer: fail when the paired 95 % interval lies wholly below -max_drop
 *   scorers: {label_match: 0.05} # a tolerance per scorer
 * min_agreement: 0.6             # the candidate's answers agree with today's on at least 60 % of rows
 * latency_p95_increase: 0.25     # candidate p95 at most +25 % over today's
 * cost_increase: 0               # candidate cost per request at most today's
 * rollout:                       # the staged plan (docs/experiments.md), default below
 *   stages: [5, 25, 50, 100]
 *   gates: {latency_p95_increase: 0.5, error_rate: 0.02}
 * }</pre>
 *
 * or as {@code KEY=VALUE} thresholds ({@code max_drop=0.02}, {@code max_drop.label_match=0.05},
 * {@code min_agreement=0.6}, {@code latency_p95_increase=0.25}, {@code cost_increase=0}). A scorer without a
 * paired interval (text values, too few rows) never fails the gate. Immutable.
 *
 * @param maxDrop            the tolerance of every scorer without its own
 * @param scorerDrops        tolerances per scorer
 * @param minAgreement       the least share of rows whose answer agrees with today's, or null for no check
 * @param latencyP95Increase the largest relative p95 increase, or null for no check
 * @param costIncrease       the largest relative increase of the cost per request, or null for no check
 * @param rollout            the staged rollout plan (validated by the experiments layer)
 */
public record MigrationGate(
        double maxDrop,
        Map<String, Double> scorerDrops,
        Double minAgreement,
        Double latencyP95Increase,
        Double costIncrease,
        JsonNode rollout) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS =
            Set.of("quality", "min_agreement", "latency_p95_increase", "cost_increase", "rollout");

    public MigrationGate {
        scorerDrops = Map.copyOf(scorerDrops);
        rollout = rollout == null ? defaultRollout() : rollout.deepCopy();
        Rollouts.validate(rollout);
        if (maxDrop < 0) {
            throw new IllegalArgumentException("max_drop must be 0 or more, was " + maxDrop);
        }
    }

    /** No scorer may be significantly worse; no other checks; the default rollout plan. */
    public static MigrationGate defaults() {
        return new MigrationGate(0, Map.of(), null, null, null, null);
    }

    /**
     * The default plan: 5, 25, 50, 100 % of users, 50 candidate calls and 1 minute per stage, p95 at most +50 %
     * over today's, errors at most 2 %.
     */
    public static JsonNode defaultRollout() {
        ObjectNode plan = Json.object();
        plan.putArray("stages").add(5).add(25).add(50).add(100);
        plan.put("min_samples", 50);
        plan.put("min_duration", "1m");
        plan.put("check_every", "5s");
        plan.putObject("gates").put("latency_p95_increase", 0.5).put("error_rate", 0.02);
        return plan;
    }

    /** The gate in YAML file {@code file}. */
    public static MigrationGate fromFile(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(file + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read the gate file " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromJson(root == null ? Json.object() : root);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(file + ": " + e.getMessage(), e);
        }
    }

    /** The gate as JSON (the file's shape); what the migration keeps. */
    public static MigrationGate fromJson(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("expected a mapping with quality, min_agreement, … or rollout");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(key + ": unknown; expected one of "
                        + KEYS.stream().sorted().toList());
            }
        }
        JsonNode quality = root.path("quality");
        double maxDrop = quality.has("max_drop") ? number(quality.get("max_drop"), "quality.max_drop") : 0;
        Map<String, Double> drops = new LinkedHashMap<>();
        quality.path("scorers")
                .properties()
                .forEach(e -> drops.put(e.getKey(), number(e.getValue(), "quality.scorers." + e.getKey())));
        return new MigrationGate(
                maxDrop,
                drops,
                optional(root, "min_agreement"),
                optional(root, "latency_p95_increase"),
                optional(root, "cost_increase"),
                root.has("rollout") ? root.get("rollout") : null);
    }

    /** This gate with {@code KEY=VALUE} thresholds applied over it. */
    public MigrationGate with(List<String> thresholds) {
        double drop = maxDrop;
        Map<String, Double> drops = new LinkedHashMap<>(scorerDrops);
        Double agreement = minAgreement;
        Double latency = latencyP95Increase;
        Double cost = costIncrease;
        for (String t : thresholds) {
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("A threshold is KEY=VALUE (max_drop=0.02, min_agreement=0.6, "
                        + "latency_p95_increase=0.25, cost_increase=0, max_drop.SCORER=0.05), got '" + t + "'");
            }
            String key = t.substring(0, eq).strip();
            double value = parse(t.substring(eq + 1).strip(), key);
            switch (key) {
                case "max_drop" -> drop = value;
                case "min_agreement" -> agreement = value;
                case "latency_p95_increase" -> latency = value;
                case "cost_increase" -> cost = value;
                default -> {
                    if (!key.startsWith("max_drop.") || key.length() == 9) {
                        throw new IllegalArgumentException("Unknown threshold '" + key + "'; use max_drop, "
                                + "max_drop.SCORER, min_agreement, latency_p95_increase or cost_increase");
                    }
                    drops.put(key.substring(9), value);
                }
            }
        }
        return new MigrationGate(drop, drops, agreement, latency, cost, rollout);
    }

    /** The gate as JSON, in the file's shape. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        ObjectNode quality = json.putObject("quality");
        quality.put("max_drop", maxDrop);
        ObjectNode scorers = quality.putObject("scorers");
        scorerDrops.forEach(scorers::put);
        if (minAgreement != null) {
            json.put("min_agreement", minAgreement);
        }
        if (latencyP95Increase != null) {
            json.put("latency_p95_increase", latencyP95Increase);
        }
        if (costIncrease != null) {
            json.put("cost_increase", costIncrease);
        }
        json.set("rollout", rollout.deepCopy());
        return json;
    }

    /** One check of the gate: what was measured against what threshold, and whether it passed. */
    public record Check(String name, double observed, double threshold, boolean passed, String sentence) {}

    /** The gate's decision: go when every check passed. */
    public record Decision(boolean go, List<Check> checks) {
        /** The checks that failed. */
        public List<Check> failures() {
            return checks.stream().filter(c -> !c.passed()).toList();
        }

        /** The decision and its checks as JSON: what the migration's event keeps as evidence. */
        public ObjectNode toJson() {
            ObjectNode json = Json.object();
            json.put("decision", go ? "go" : "no-go");
            var array = json.putArray("checks");
            for (Check c : checks) {
                ObjectNode o = array.addObject();
                o.put("check", c.name());
                if (Double.isFinite(c.observed())) {
                    o.put("observed", c.observed());
                }
                o.put("threshold", c.threshold());
                o.put("passed", c.passed());
                o.put("evidence", c.sentence());
            }
            return json;
        }
    }

    /**
     * Decides on {@code c} (today's run first). {@code agreement} is the candidate's agreement rate with today's
     * answers, when measured.
     */
    public Decision decide(EvalComparison c, Optional<Double> agreement) {
        List<Check> checks = new ArrayList<>();
        for (ScorerDelta s : c.scorers()) {
            if (s.name().equals(AgreementScorer.NAME) || s.deltaInterval().isEmpty()) {
                continue;
            }
            double tolerance = scorerDrops.getOrDefault(s.name(), maxDrop);
            ConfidenceInterval ci = s.deltaInterval().orElseThrow();
            double delta = s.delta().orElse(0);
            // worse means lower, or higher for latency, cost and token counts
            boolean worse = s.lowerIsBetter() ? ci.lower() > tolerance : ci.upper() < -tolerance;
            checks.add(new Check(
                    "quality " + s.name(),
                    delta,
                    s.lowerIsBetter() ? tolerance : -tolerance,
                    !worse,
                    String.format(
                            Locale.ROOT,
                            "%s: candidate − today = %+.4f (paired 95%% interval [%+.4f, %+.4f], %d rows); %s",
                            s.name(),
                            delta,
                            ci.lower(),
                            ci.upper(),
                            s.paired(),
                            worse
                                    ? "worse beyond the tolerance " + tolerance
                                    : "not worse beyond the tolerance " + tolerance)));
        }
        if (minAgreement != null) {
            double observed = agreement.orElse(Double.NaN);
            boolean passed = agreement.isPresent() && observed >= minAgreement;
            checks.add(new Check(
                    "agreement",
                    observed,
                    minAgreement,
                    passed,
                    agreement.isEmpty()
                            ? "agreement with today's answers was not measured (no reference outputs)"
                            : String.format(
                                    Locale.ROOT,
                                    "the candidate agrees with today's answers on %.1f%% of rows; at least %.1f%% needed",
                                    100 * observed,
                                    100 * minAgreement)));
        }
        if (latencyP95Increase != null) {
            Optional<LatencyDelta> l = c.latency();
            if (l.isPresent() && l.get().baselineP95().toNanos() > 0) {
                double change = (double) l.get().candidateP95().toNanos()
                                / l.get().baselineP95().toNanos()
                        - 1;
                checks.add(new Check(
                        "latency p95",
                        change,
                        latencyP95Increase,
                        change <= latencyP95Increase,
                        String.format(
                                Locale.ROOT,
                                "p95 %d ms → %d ms (%+.1f%%), at most %+.1f%% allowed",
                                l.get().baselineP95().toMillis(),
                                l.get().candidateP95().toMillis(),
                                100 * change,
                                100 * latencyP95Increase)));
            } else {
                checks.add(new Check(
                        "latency p95",
                        Double.NaN,
                        latencyP95Increase,
                        false,
                        "no latency measured on both sides; the latency gate cannot pass"));
            }
        }
        if (costIncrease != null) {
            BigDecimal before = c.cost().baselineApp().costUsd();
            BigDecimal after = c.cost().candidateApp().costUsd();
            double change = before.signum() == 0
                    ? (after.signum() == 0 ? 0 : Double.POSITIVE_INFINITY)
                    : after.divide(before, MathContext.DECIMAL64).doubleValue() - 1;
            checks.add(new Check(
                    "cost",
                    change,
                    costIncrease,
                    change <= costIncrease,
                    String.format(
                            Locale.ROOT,
                            "cost $%s → $%s over %d rows (%+.1f%%), at most %+.1f%% allowed",
                            before.toPlainString(),
                            after.toPlainString(),
                            c.pairs().size(),
                            100 * change,
                            100 * costIncrease)));
        }
        return new Decision(checks.stream().allMatch(Check::passed), checks);
    }

    private static Double optional(JsonNode root, String key) {
        return root.has(key) ? number(root.get(key), key) : null;
    }

    private static double number(JsonNode n, String path) {
        if (!n.isNumber()) {
            throw new IllegalArgumentException(path + ": expected a number, got " + n);
        }
        return n.asDouble();
    }

    private static double parse(String text, String key) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Threshold " + key + ": expected a number, got '" + text + "'", e);
        }
    }
}
