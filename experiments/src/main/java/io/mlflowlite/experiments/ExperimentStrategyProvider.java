package io.mlflowlite.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.experiments.ab.Assignment;
import io.mlflowlite.routing.Destination;
import io.mlflowlite.routing.Route;
import io.mlflowlite.routing.RouteDecision;
import io.mlflowlite.routing.RouteStrategy;
import io.mlflowlite.routing.RouteStrategyProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code experiment} route strategy: an A/B test (or a staged rollout) as a gateway route, so clients keep
 * calling the route's name and change nothing. Each call's unit (user, session or the call itself) is hashed
 * with the experiment's name to a bucket, and the bucket falls in one variant's share of the current weights —
 * the same variant on every replica, with no coordination. Configuration:
 *
 * <pre>{@code
 * routes:
 *   - name: assistant
 *     task_type: llm/v1/chat
 *     routing_strategy: experiment
 *     strategy_config: {experiment: assistant-next, unit: user}   # both optional: the route's name, user
 *     destinations:                                               # the variants: control first
 *       - {name: current, traffic_percentage: 50}
 *       - {name: candidate, traffic_percentage: 50}
 * }</pre>
 *
 * With {@code strategy_config.rollout} ({@code stages} and {@code gates}, see {@link Rollouts}) the candidate
 * starts at the first stage and the gateway moves it by itself. The experiment is created in the store the first
 * time a gateway loads the route; after that the store's state wins (weights moved by a rollout, a pause), and
 * the route must keep the same destinations.
 */
public final class ExperimentStrategyProvider implements RouteStrategyProvider {
    /** The strategy's name in {@code routing_strategy}. */
    public static final String NAME = "experiment";

    private static final Set<String> KEYS = Set.of("experiment", "unit", "rollout");

    private final ExperimentRuntime runtime;
    private final Clock clock;

    /** For {@link java.util.ServiceLoader}: experiments live in the store the gateway's environment names. */
    public ExperimentStrategyProvider() {
        this(null, Clock.systemUTC());
    }

    /** Experiments live in {@code runtime}'s store; {@code clock} dates their creation. */
    public ExperimentStrategyProvider(ExperimentRuntime runtime, Clock clock) {
        this.runtime = runtime;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RouteStrategy create(Route route, Context context) {
        JsonNode config = route.strategyConfig();
        for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown key '" + key + "'; an experiment route takes experiment, unit and rollout");
            }
        }
        String name = config.path("experiment").asText(route.name());
        Unit unit = Unit.parse(config.path("unit").asText("user"));
        JsonNode plan = config.get("rollout");
        if (plan != null) {
            Rollouts.validate(plan);
        }
        ExperimentRuntime experiments = runtime;
        if (experiments == null) {
            String url = ExperimentStores.urlFromEnv(context.env());
            experiments = ExperimentRuntime.shared(url);
            if (plan != null) {
                // the gateways' traces are in the same database: the controller reads each stage's calls there
                experiments.startController(SharedTraces.open(url), clock);
            }
        }
        Experiment experiment = ensure(experiments, route, name, unit, plan);
        return new Assigner(experiments, experiment.name());
    }

    /** The stored experiment of {@code route}, created from the route when there is none yet. */
    private Experiment ensure(ExperimentRuntime experiments, Route route, String name, Unit unit, JsonNode plan) {
        Experiment stored = experiments.store().get(name).orElse(null);
        if (stored == null) {
            Experiment created = Experiments.fromRoute(route, name, unit, plan, clock.instant());
            try {
                experiments.store().create(created, Experiments.created(created, "gateway configuration"));
                stored = created;
            } catch (ExperimentStoreException e) {
                stored = experiments.store().get(name).orElseThrow(() -> e); // another replica created it first
            }
        }
        if (!stored.route().equals(route.name())) {
            throw new IllegalArgumentException("experiment '" + name + "' belongs to route '" + stored.route()
                    + "'; give this route its own experiment name (strategy_config.experiment)");
        }
        List<String> destinations =
                route.destinations().stream().map(Destination::name).toList();
        List<String> variants = new ArrayList<>();
        stored.variants().forEach(v -> variants.add(v.destination()));
        if (!variants.equals(destinations)) {
            throw new IllegalArgumentException("experiment '" + name + "' was created with destinations " + variants
                    + " but the route now lists " + destinations
                    + "; an experiment keeps its variants: start a new experiment name for new ones");
        }
        experiments.applied(stored);
        return stored;
    }

    /** Assigns calls by the experiment's current weights, read from the runtime's snapshot (no I/O). */
    private record Assigner(ExperimentRuntime experiments, String name) implements RouteStrategy {
        @Override
        public RouteDecision decide(ChatRequest request) {
            Experiment e = experiments
                    .current(name)
                    .orElseThrow(() -> new IllegalStateException("Experiment '" + name
                            + "' is no longer in " + experiments.store().describe()
                            + "; reload the gateway configuration"));
            String key = e.unit().key(request);
            int bucket =
                    key == null ? ThreadLocalRandom.current().nextInt(Variant.ALL) : Assignment.bucket(e.name(), key);
            Variant variant = e.variantAt(bucket);
            String reason = "experiment '" + e.name() + "': " + variant.name() + " serves " + format(variant.percent())
                    + " % of " + (key == null ? "calls" : e.unit().label() + "s")
                    + (e.hasPlan()
                            ? " (rollout stage " + (e.stage() + 1) + ", "
                                    + e.status().name().toLowerCase(java.util.Locale.ROOT) + ")"
                            : "");
            return new RouteDecision(
                    variant.destination(),
                    null,
                    NAME,
                    reason,
                    null,
                    Map.of("unit", key == null ? "request" : e.unit().label(), "bucket", bucket),
                    List.of(),
                    Map.of(Experiments.EXPERIMENT_TAG, e.name(), Experiments.VARIANT_TAG, variant.name()));
        }

        private static String format(double percent) {
            return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
        }
    }
}
