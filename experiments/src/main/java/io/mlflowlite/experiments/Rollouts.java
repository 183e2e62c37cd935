package io.mlflowlite.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.experiments.ab.CostGate;
import io.mlflowlite.experiments.ab.ErrorRateGate;
import io.mlflowlite.experiments.ab.Gate;
import io.mlflowlite.experiments.ab.GateEvaluator;
import io.mlflowlite.experiments.ab.GateResult;
import io.mlflowlite.experiments.ab.LatencyGate;
import io.mlflowlite.experiments.ab.QualityGate;
import io.mlflowlite.experiments.ab.RolloutAction;
import io.mlflowlite.experiments.ab.RolloutDecision;
import io.mlflowlite.experiments.ab.RolloutPlan;
import io.mlflowlite.experiments.ab.VariantMetrics;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.TraceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Staged rollouts: a plan moves the candidate through stages of traffic and the gateway advances it when the
 * stage's gates pass, or rolls it back at once when a guardrail breaks (see docs/experiments.md, "Rollout
 * gates"). A plan, in a route's {@code strategy_config.rollout} or given to the library:
 *
 * <pre>{@code
 * rollout:
 *   stages: [1, 5, 25, 50, 100]        # the candidate's percent of units; increasing, the last 100
 *   min_samples: 200                   # candidate calls a stage needs before it may advance (default 100)
 *   min_duration: 10m                  # time a stage needs before it may advance (default 5m)
 *   check_every: 10s                   # how often the gates are read (default 10s)
 *   gates:
 *     quality: [{score: correct, margin: 0.05}]   # non-inferiority per named score
 *     latency_p95_ms: 2000                        # absolute p95 ceiling
 *     latency_p95_increase: 0.25                  # and/or at most +25 % over control's p95
 *     error_rate: 0.02                            # error-rate ceiling
 *     cost_per_call_usd: 0.01                     # cost ceiling
 * }</pre>
 *
 * The {@link Controller} reads every running rollout's stage from its calls' traces and applies the evaluator's
 * decision, over the version it read, so replicas running controllers at once apply each step once.
 */
public final class Rollouts {
    private static final Set<String> KEYS = Set.of("stages", "min_samples", "min_duration", "check_every", "gates");
    private static final Set<String> GATES = Set.of(
            "quality",
            "latency_p95_ms",
            "latency_p95_increase",
            "latency_min_samples",
            "error_rate",
            "cost_per_call_usd");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private Rollouts() {}

    /**
     * Checks a plan and reads it.
     *
     * @throws IllegalArgumentException saying what is wrong and how to fix it
     */
    public static RolloutPlan validate(JsonNode plan) {
        return parse(plan);
    }

    /** The plan {@code json} describes. */
    public static RolloutPlan parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("rollout: expected a mapping with stages (and gates)");
        }
        only(json, KEYS, "rollout");
        JsonNode stages = json.path("stages");
        if (!stages.isArray() || stages.isEmpty()) {
            throw new IllegalArgumentException(
                    "rollout.stages: required, the candidate's percent of traffic per stage, e.g. [1, 5, 25, 50, 100]");
        }
        List<Double> percents = new ArrayList<>();
        double previous = 0;
        for (int i = 0; i < stages.size(); i++) {
            JsonNode s = stages.get(i);
            if (!s.isNumber() || s.asDouble() <= previous || s.asDouble() > 100) {
                throw new IllegalArgumentException("rollout.stages[" + i + "]: " + s
                        + " must be a number above the stage before it and at most 100");
            }
            previous = s.asDouble();
            percents.add(previous);
        }
        if (previous != 100) {
            throw new IllegalArgumentException(
                    "rollout.stages: the last stage must be 100 (the candidate serves everything), got " + previous);
        }
        long minSamples = json.has("min_samples") ? positiveLong(json.get("min_samples"), "rollout.min_samples") : 100;
        Duration minTime = json.has("min_duration")
                ? duration(json.get("min_duration"), "rollout.min_duration")
                : Duration.ofMinutes(5);
        if (json.has("check_every")) {
            duration(json.get("check_every"), "rollout.check_every");
        }
        return RolloutPlan.percent(percents, gates(json.path("gates"), minSamples), minSamples, minTime);
    }

    private static List<Gate> gates(JsonNode gates, long minSamples) {
        List<Gate> list = new ArrayList<>();
        if (gates.isMissingNode() || gates.isNull()) {
            return list;
        }
        if (!gates.isObject()) {
            throw new IllegalArgumentException("rollout.gates: expected a mapping (quality, latency_p95_ms, …)");
        }
        only(gates, GATES, "rollout.gates");
        JsonNode quality = gates.path("quality");
        List<JsonNode> qualities = new ArrayList<>();
        if (quality.isArray()) {
            quality.forEach(qualities::add);
        } else if (quality.isObject()) {
            qualities.add(quality);
        }
        for (int i = 0; i < qualities.size(); i++) {
            JsonNode q = qualities.get(i);
            String at = "rollout.gates.quality[" + i + "]";
            if (!q.path("score").isTextual() || !q.path("margin").isNumber()) {
                throw new IllegalArgumentException(
                        at + ": expected {score: NAME, margin: NUMBER}, e.g. " + "{score: correct, margin: 0.05}");
            }
            list.add(new QualityGate(q.get("score").asText(), q.get("margin").asDouble()));
        }
        double ceiling = gates.has("latency_p95_ms")
                ? number(gates.get("latency_p95_ms"), "rollout.gates.latency_p95_ms")
                : Double.NaN;
        double increase = gates.has("latency_p95_increase")
                ? number(gates.get("latency_p95_increase"), "rollout.gates.latency_p95_increase")
                : Double.NaN;
        if (!Double.isNaN(ceiling) || !Double.isNaN(increase)) {
            long latencySamples = gates.has("latency_min_samples")
                    ? positiveLong(gates.get("latency_min_samples"), "rollout.gates.latency_min_samples")
                    : Math.max(1, Math.min(minSamples, 50));
            list.add(new LatencyGate(ceiling, increase, latencySamples));
        }
        if (gates.has("error_rate")) {
            list.add(new ErrorRateGate(number(gates.get("error_rate"), "rollout.gates.error_rate")));
        }
        if (gates.has("cost_per_call_usd")) {
            list.add(new CostGate(number(gates.get("cost_per_call_usd"), "rollout.gates.cost_per_call_usd")));
        }
        return list;
    }

    /** How often the controller reads {@code plan}'s gates. */
    static Duration checkEvery(JsonNode plan) {
        return plan.has("check_every")
                ? duration(plan.get("check_every"), "rollout.check_every")
                : Duration.ofSeconds(10);
    }

    private static void only(JsonNode node, Set<String> keys, String path) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                throw new IllegalArgumentException(path + "." + key + ": unknown; expected one of "
                        + keys.stream().sorted().toList());
            }
        }
    }

    private static double number(JsonNode n, String path) {
        if (!n.isNumber()) {
            throw new IllegalArgumentException(path + ": expected a number, got " + n);
        }
        return n.asDouble();
    }

    private static long positiveLong(JsonNode n, String path) {
        if (!n.canConvertToLong() || n.asLong() < 1) {
            throw new IllegalArgumentException(path + ": expected a whole number above 0, got " + n);
        }
        return n.asLong();
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms}, or a number of seconds. */
    static Duration duration(JsonNode n, String path) {
        if (n.isNumber() && n.asDouble() >= 0) {
            return Duration.ofMillis(Math.round(n.asDouble() * 1000));
        }
        Matcher m = DURATION.matcher(n.asText().strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(path + ": expected a duration such as 30s, 5m or 1h, got " + n);
        }
        double value = Double.parseDouble(m.group(1));
        long ms = switch (m.group(2)) {
            case "ms" -> Math.round(value);
            case "s" -> Math.round(value * 1000);
            case "m" -> Math.round(value * 60_000);
            default -> Math.round(value * 3_600_000);
        };
        return Duration.ofMillis(ms);
    }

    /**
     * Moves running rollouts by their gates. {@link #tick()} reads each running (or paused) rollout of the
     * runtime whose check is due, computes its current stage's metrics from the traces since the stage started,
     * and applies the evaluator's decision: advance, complete (promote), roll back, or hold. A paused rollout
     * only rolls back. Thread-safe; {@link ExperimentRuntime} runs it on its thread.
     */
    public static final class Controller {
        private final ExperimentRuntime runtime;
        private final TraceStore traces;
        private final Clock clock;
        private final Map<String, Instant> lastCheck = new java.util.concurrent.ConcurrentHashMap<>();

        public Controller(ExperimentRuntime runtime, TraceStore traces, Clock clock) {
            this.runtime = runtime;
            this.traces = traces;
            this.clock = clock;
        }

        /** Evaluates every rollout whose check is due; returns the transitions applied. */
        public List<Transition> tick() {
            List<Transition> applied = new ArrayList<>();
            Instant now = clock.instant();
            for (Experiment e : runtime.store().list()) {
                if (!e.hasPlan() || e.status().ended()) {
                    continue;
                }
                Instant last = lastCheck.get(e.name());
                if (last != null && last.plus(checkEvery(e.plan())).isAfter(now)) {
                    continue;
                }
                lastCheck.put(e.name(), now);
                step(e, now).ifPresent(applied::add);
            }
            return applied;
        }

        /** Evaluates {@code e}'s current stage now and applies the decision; the transition when one was applied. */
        java.util.Optional<Transition> step(Experiment e, Instant now) {
            RolloutPlan plan = parse(e.plan());
            Map<String, VariantMetrics> metrics = TraceMetrics.collect(traces, e, e.stageStarted());
            RolloutDecision d = new GateEvaluator(plan)
                    .evaluate(
                            e.stage(),
                            metrics.get(e.control().name()),
                            metrics.get(e.candidate().name()),
                            Duration.between(e.stageStarted(), now));
            if (d.action() == RolloutAction.HOLD
                    || (e.status() == Experiment.Status.PAUSED && d.action() != RolloutAction.ROLLBACK)) {
                return java.util.Optional.empty();
            }
            ObjectNode evidence = evidence(d);
            ExperimentControl.Step s = switch (d.action()) {
                case ROLLBACK -> ExperimentControl.rollback(e, "controller", d.summary(), evidence, now);
                case ADVANCE ->
                    withEvidence(
                            ExperimentControl.step(
                                    e,
                                    e.split(plan.stage(e.stage() + 1)),
                                    e.status(),
                                    e.stage() + 1,
                                    true,
                                    Transition.Action.ADVANCE,
                                    "controller",
                                    d.summary(),
                                    now),
                            evidence);
                case COMPLETE ->
                    withEvidence(
                            ExperimentControl.step(
                                    e,
                                    e.split(Variant.ALL),
                                    Experiment.Status.PROMOTED,
                                    e.stage(),
                                    false,
                                    Transition.Action.PROMOTE,
                                    "controller",
                                    d.summary(),
                                    now),
                            evidence);
                case HOLD -> throw new IllegalStateException("unreachable");
            };
            if (!runtime.store().update(s.next(), s.transition())) {
                return java.util.Optional.empty(); // another replica moved it first; read again next tick
            }
            runtime.applied(s.next());
            return java.util.Optional.of(s.transition());
        }

        private static ExperimentControl.Step withEvidence(ExperimentControl.Step s, JsonNode evidence) {
            return new ExperimentControl.Step(s.next(), ExperimentControl.withEvidence(s.transition(), evidence));
        }

        private static ObjectNode evidence(RolloutDecision d) {
            ObjectNode json = Json.object();
            json.put("decision", d.action().name().toLowerCase(Locale.ROOT));
            json.put("summary", d.summary());
            ArrayNode gates = json.putArray("gates");
            for (GateResult g : d.evidence()) {
                ObjectNode gate = gates.addObject();
                gate.put("gate", g.gate());
                if (Double.isFinite(g.observed())) {
                    gate.put("observed", g.observed());
                }
                if (Double.isFinite(g.threshold())) {
                    gate.put("threshold", g.threshold());
                }
                gate.put("status", g.status().name().toLowerCase(Locale.ROOT));
                gate.put("evidence", g.sentence());
            }
            return json;
        }
    }
}
