package io.mlflowlite.gateway;

import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.routing.Route;
import io.mlflowlite.routing.RouteStrategyProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** How {@link Gateway} finds the {@link RouteStrategyProvider}s routes can name. */
final class RouteStrategies {
    private RouteStrategies() {}

    /**
     * The discovered providers (when {@code discover}), then {@code explicit} ones, by name: an explicit provider
     * replaces a discovered one of the same name.
     *
     * @throws ConfigurationException when a provider cannot be loaded, takes the split's name, or two discovered
     *                                providers claim the same name
     */
    static Map<String, RouteStrategyProvider> load(List<RouteStrategyProvider> explicit, boolean discover) {
        Map<String, RouteStrategyProvider> byName = new LinkedHashMap<>();
        if (discover) {
            try {
                for (RouteStrategyProvider provider : ServiceLoader.load(RouteStrategyProvider.class)) {
                    RouteStrategyProvider prior = byName.putIfAbsent(checked(provider), provider);
                    if (prior != null) {
                        throw new ConfigurationException("Two route strategies on the classpath are called '"
                                + provider.name() + "': " + prior.getClass().getName() + " and "
                                + provider.getClass().getName() + "; remove one of their jars");
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new ConfigurationException("Cannot load a route strategy: " + e.getMessage(), e);
            }
        }
        for (RouteStrategyProvider provider : explicit) {
            byName.put(checked(provider), provider);
        }
        return Map.copyOf(byName);
    }

    private static String checked(RouteStrategyProvider provider) {
        String name = provider.name();
        if (name == null || !name.matches("[a-z][a-z0-9_-]*") || name.equals(Route.SPLIT)) {
            throw new ConfigurationException(
                    "Route strategy " + provider.getClass().getName() + " is called '" + name
                            + "'; a strategy name is lower case letters, digits, '_' and '-', and not " + Route.SPLIT);
        }
        return name;
    }
}
