package io.mlflowlite.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.routing.Destination;
import io.mlflowlite.routing.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Names and helpers shared by the experiment strategy, the controller, the reports and the CLI. */
public final class Experiments {
    /** Trace tag naming the experiment that assigned a call. */
    public static final String EXPERIMENT_TAG = "mlflowlite.experiment";
    /** Trace tag naming the variant a call was assigned. */
    public static final String VARIANT_TAG = "mlflowlite.variant";

    private Experiments() {}

    /**
     * A new experiment over {@code route}'s destinations (variants named after their endpoints, control first). A
     * plain A/B test takes the destinations' percentages as weights; a rollout starts its candidate at the first
     * stage.
     */
    static Experiment fromRoute(Route route, String name, Unit unit, JsonNode plan, Instant now) {
        List<Variant> variants = new ArrayList<>();
        for (Destination d : route.destinations()) {
            variants.add(new Variant(d.name(), d.name(), Math.max(0, d.trafficPercentage()) * 100));
        }
        if (plan != null) {
            if (variants.size() != 2) {
                throw new IllegalArgumentException(
                        "a rollout moves traffic from a control to one candidate: give the route exactly two "
                                + "destinations, the current endpoint first");
            }
            int first = Rollouts.parse(plan).stage(0);
            variants = List.of(
                    variants.get(0).withWeight(Variant.ALL - first),
                    variants.get(1).withWeight(first));
        } else if (variants.stream().mapToInt(Variant::weightBps).sum() != Variant.ALL) {
            throw new IllegalArgumentException(
                    "the destinations' traffic_percentage must add up to 100: they are the " + "variants' shares");
        }
        return new Experiment(name, route.name(), unit, variants, Experiment.Status.RUNNING, plan, 0, now, now, 1);
    }

    /** The transition recording {@code experiment}'s creation by {@code actor}. */
    static Transition created(Experiment experiment, String actor) {
        return new Transition(
                experiment.name(),
                experiment.created(),
                Transition.Action.CREATE,
                0,
                0,
                experiment.candidate().percent(),
                actor,
                "created with " + describe(experiment.variants()),
                Json.object());
    }

    /** {@code control 95 %, candidate 5 %}. */
    static String describe(List<Variant> variants) {
        List<String> parts = new ArrayList<>();
        variants.forEach(v -> parts.add(v.name() + " " + v.percent() + " %"));
        return String.join(", ", parts);
    }
}
