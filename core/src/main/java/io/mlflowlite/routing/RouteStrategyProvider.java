package io.mlflowlite.routing;

import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.cost.PriceTable;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the {@link RouteStrategy} of routes configured with {@code routing_strategy: <name>}. Found with
 * {@link java.util.ServiceLoader} (the {@code mlflowlite-experiments} module registers {@code smart} and
 * {@code experiment}) or given to {@code Gateway.Builder.routeStrategy}. The split strategy,
 * {@code TRAFFIC_SPLIT}, is built in.
 */
public interface RouteStrategyProvider {
    /** The name routes use in {@code routing_strategy}, lower case ({@code smart}). */
    String name();

    /**
     * The strategy for {@code route}, reading its {@link Route#strategyConfig()}. Called when a configuration
     * is compiled, off the call path.
     *
     * @throws IllegalArgumentException when the route's settings are wrong for this strategy: its message
     *                                  says what is wrong and how to fix it, and becomes the configuration
     *                                  problem reported for the route
     */
    RouteStrategy create(Route route, Context context);

    /**
     * The strategy serving calls that name no route, such as {@code Gateway.smartCompletion} with a plain
     * prompt; its decisions name models. Empty when this strategy needs a route.
     */
    default Optional<RouteStrategy> standalone(Context context) {
        return Optional.empty();
    }

    /**
     * What a strategy may know of the gateway when it is made.
     *
     * @param catalog        the models the gateway knows
     * @param prices         their prices, to weigh a choice's expected cost
     * @param endpointModels each endpoint of the configuration → its model, {@code provider/model}
     * @param env            the gateway's environment ({@code MLFLOWLITE_STORE} says where shared state lives)
     */
    record Context(
            ModelCatalog catalog, PriceTable prices, Map<String, String> endpointModels, Map<String, String> env) {
        public Context {
            endpointModels = Map.copyOf(endpointModels);
            env = Map.copyOf(env);
        }
    }
}
