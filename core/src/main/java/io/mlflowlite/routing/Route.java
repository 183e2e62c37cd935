package io.mlflowlite.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.util.List;
import java.util.Locale;

/**
 * A route, MLflow's {@code routes:} entry: calls to the route's name go to one of its destination endpoints.
 * By default ({@code TRAFFIC_SPLIT}) the destination is chosen per call in proportion to the destinations'
 * percentages (by the gateway's {@link TrafficSplitter}); another {@code routing_strategy} names a
 * {@link RouteStrategyProvider} ({@code smart}, {@code experiment}) that decides per call among the same
 * destinations, reading its settings from {@link #strategyConfig()}. Immutable.
 *
 * @param name           what apps call, like an endpoint name
 * @param taskType       the type every destination endpoint has (MLflow's {@code task_type})
 * @param destinations   the endpoints and their shares; for a split, percentages add up to 100
 * @param strategy       {@link #SPLIT}, or the lower-case name of a {@link RouteStrategyProvider}
 * @param strategyConfig the strategy's settings ({@code strategy_config:}), an object; empty for a split
 */
public record Route(
        String name, EndpointType taskType, List<Destination> destinations, String strategy, JsonNode strategyConfig) {
    /** The built-in strategy: a weighted traffic split. */
    public static final String SPLIT = "traffic_split";

    public Route {
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        strategy = strategy == null || strategy.isBlank()
                ? SPLIT
                : strategy.strip().toLowerCase(Locale.ROOT);
        strategyConfig = strategyConfig == null ? Json.object() : strategyConfig.deepCopy();
    }

    /** A traffic split. */
    public Route(String name, EndpointType taskType, List<Destination> destinations) {
        this(name, taskType, destinations, SPLIT, null);
    }

    /** A chat route splitting traffic over {@code destinations}. */
    public static Route split(String name, Destination... destinations) {
        return new Route(name, EndpointType.CHAT, List.of(destinations));
    }

    /**
     * A chat route whose destination the {@code strategy} decides, with its settings {@code config} (an object,
     * or null for none). Destinations' percentages mean what the strategy says (an experiment's starting
     * weights, say); give 0 where they mean nothing.
     */
    public static Route withStrategy(String name, String strategy, ObjectNode config, Destination... destinations) {
        return new Route(name, EndpointType.CHAT, List.of(destinations), strategy, config);
    }

    /** Whether this is a plain traffic split. */
    public boolean isSplit() {
        return SPLIT.equals(strategy);
    }

    /** The strategy's settings (a copy: the route stays immutable). */
    @Override
    public JsonNode strategyConfig() {
        return strategyConfig.deepCopy();
    }

    /**
     * The destination owning {@code percentile} (0 to 99) when the destinations' percentages are laid end to
     * end in order: with 70/30, percentiles 0-69 pick the first and 70-99 the second. A destination with 0%
     * is never picked. Splitters map a random number (or, for sticky assignment, a hash) to a percentile.
     */
    public Destination destinationAt(int percentile) {
        if (percentile < 0 || percentile > 99) {
            throw new IllegalArgumentException("percentile must be 0 to 99, was " + percentile);
        }
        int upTo = 0;
        for (Destination destination : destinations) {
            upTo += destination.trafficPercentage();
            if (percentile < upTo) {
                return destination;
            }
        }
        throw new IllegalStateException("Route '" + name + "' has percentages adding up to " + upTo + ", not 100");
    }
}
