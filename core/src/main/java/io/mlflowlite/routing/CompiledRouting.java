package io.mlflowlite.routing;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.provider.Deployment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link RoutingConfig} made ready for the call path: every endpoint's model and configured fallbacks
 * resolved to {@link Deployment}s (keys, base URLs, catalog entries) and indexed by name. Built once per
 * configuration, off the call path; a configuration that cannot be compiled is rejected as a whole.
 * Immutable, so calls that read one keep a consistent view however often the gateway swaps.
 */
record CompiledRouting(
        RoutingConfig config,
        String label,
        Map<String, CompiledEndpoint> endpoints,
        Map<String, Route> routes,
        Map<String, RouteStrategy> strategies) {

    static final CompiledRouting EMPTY =
            new CompiledRouting(RoutingConfig.EMPTY, RoutingConfig.EMPTY.label(), Map.of(), Map.of(), Map.of());

    /** One endpoint with its deployments resolved. */
    record CompiledEndpoint(Endpoint endpoint, Deployment primary, List<Deployment> fallbacks) {}

    /** How the compiler reaches models; the gateway's resolver, settings and environment stand behind it. */
    interface Deployer {
        /** Names the gateway knows as providers. */
        Collection<String> providers();

        ModelCatalog catalog();

        /** A deployment for {@code spec}, its config overriding the gateway's provider settings. */
        Deployment deploy(ModelSpec spec);

        /** A deployment for a model name, as plain calls resolve it. */
        Deployment resolve(String model);

        /** Loads a bound prompt from the registry (and caches it), throwing when it does not exist. */
        void loadPrompt(String uri);

        /** The providers of route strategies other than the split, by name. */
        Map<String, RouteStrategyProvider> strategies();

        /** What strategies may know of the gateway, for a configuration whose endpoints have these models. */
        RouteStrategyProvider.Context strategyContext(Map<String, String> endpointModels);
    }

    boolean isEmpty() {
        return endpoints.isEmpty() && routes.isEmpty();
    }

    /**
     * Validates and compiles {@code config}. Blocks on no network, only on the prompt registry when endpoints
     * bind prompts (each bound prompt must exist).
     *
     * @throws RoutingConfigException listing every problem: those of {@link RoutingValidator} first; when there
     *                                are none, every model that cannot be resolved
     */
    static CompiledRouting compile(RoutingConfig config, Deployer deployer) {
        List<ConfigProblem> problems = new ArrayList<>(RoutingValidator.validate(config, deployer.providers()));
        if (!problems.isEmpty()) {
            throw new RoutingConfigException(null, problems);
        }
        Map<String, Deployment> primaries = new HashMap<>();
        for (int i = 0; i < config.endpoints().size(); i++) {
            Endpoint e = config.endpoints().get(i);
            deploy(e, e.model(), "endpoints[" + i + "].model", deployer, problems)
                    .ifPresent(d -> primaries.put(e.name(), d));
        }
        Map<String, CompiledEndpoint> endpoints = new HashMap<>();
        for (int i = 0; i < config.endpoints().size(); i++) {
            Endpoint e = config.endpoints().get(i);
            List<Deployment> fallbacks = new ArrayList<>();
            for (int j = 0; j < e.fallbacks().size(); j++) {
                fallback(
                                e,
                                e.fallbacks().get(j),
                                "endpoints[" + i + "].fallbacks[" + j + "]",
                                primaries,
                                deployer,
                                problems)
                        .ifPresent(fallbacks::add);
            }
            if (e.prompt() != null) {
                try {
                    deployer.loadPrompt(e.prompt());
                } catch (MlflowliteException ex) {
                    problems.add(
                            new ConfigProblem("endpoints[" + i + "].prompt", "cannot be loaded: " + ex.getMessage()));
                }
            }
            if (primaries.containsKey(e.name())) {
                endpoints.put(e.name(), new CompiledEndpoint(e, primaries.get(e.name()), List.copyOf(fallbacks)));
            }
        }
        if (!problems.isEmpty()) {
            throw new RoutingConfigException(null, problems);
        }
        Map<String, Route> routes = new HashMap<>();
        config.routes().forEach(r -> routes.put(r.name(), r));
        Map<String, RouteStrategy> strategies = strategies(config, endpoints, deployer, problems);
        if (!problems.isEmpty()) {
            throw new RoutingConfigException(null, problems);
        }
        return new CompiledRouting(config, config.label(), Map.copyOf(endpoints), Map.copyOf(routes), strategies);
    }

    /** The strategy of every route that is not a plain split, made by its provider. */
    private static Map<String, RouteStrategy> strategies(
            RoutingConfig config,
            Map<String, CompiledEndpoint> endpoints,
            Deployer deployer,
            List<ConfigProblem> problems) {
        Map<String, String> models = new HashMap<>();
        endpoints.forEach((name, e) -> models.put(name, e.primary().key()));
        RouteStrategyProvider.Context context = deployer.strategyContext(models);
        Map<String, RouteStrategy> strategies = new HashMap<>();
        for (int i = 0; i < config.routes().size(); i++) {
            Route route = config.routes().get(i);
            if (route.isSplit()) {
                continue;
            }
            RouteStrategyProvider provider = deployer.strategies().get(route.strategy());
            if (provider == null) {
                List<String> known = new ArrayList<>(deployer.strategies().keySet());
                java.util.Collections.sort(known);
                problems.add(new ConfigProblem(
                        "routes[" + i + "].routing_strategy",
                        "'" + route.strategy() + "' is not available on this gateway ("
                                + (known.isEmpty()
                                        ? "only TRAFFIC_SPLIT is: add the mlflowlite-experiments module for smart "
                                                + "and experiment"
                                        : "it has TRAFFIC_SPLIT, " + String.join(", ", known))
                                + ")"));
                continue;
            }
            try {
                strategies.put(route.name(), provider.create(route, context));
            } catch (IllegalArgumentException | MlflowliteException e) {
                problems.add(new ConfigProblem("routes[" + i + "].strategy_config", e.getMessage()));
            }
        }
        return Map.copyOf(strategies);
    }

    private static Optional<Deployment> fallback(
            Endpoint owner,
            Fallback fallback,
            String path,
            Map<String, Deployment> primaries,
            Deployer deployer,
            List<ConfigProblem> problems) {
        if (fallback instanceof Fallback.Model m) {
            return deploy(owner, m.model(), path, deployer, problems);
        }
        String name = fallback.label();
        if (primaries.containsKey(name)) {
            return Optional.of(primaries.get(name)); // another endpoint: its own model (its fallbacks are not chained)
        }
        if (owner.name() != null && name.equals(owner.name())) {
            return Optional.empty();
        }
        try {
            Deployment deployment = deployer.resolve(name);
            kind(owner, deployer.catalog().find(name), name, path, problems);
            return Optional.of(deployment);
        } catch (MlflowliteException e) {
            problems.add(new ConfigProblem(
                    path,
                    "'" + name + "' is no endpoint of this configuration and cannot be " + "resolved as a model: "
                            + e.getMessage()));
            return Optional.empty();
        }
    }

    private static Optional<Deployment> deploy(
            Endpoint owner, ModelSpec spec, String path, Deployer deployer, List<ConfigProblem> problems) {
        try {
            Deployment deployment = deployer.deploy(spec);
            kind(owner, deployer.catalog().find(spec.key()), spec.key(), path + ".name", problems);
            return Optional.of(deployment);
        } catch (MlflowliteException e) {
            problems.add(new ConfigProblem(path, "cannot be reached: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** A model the catalog knows must be of the kind the endpoint serves. */
    private static void kind(
            Endpoint owner, Optional<CatalogEntry> entry, String model, String path, List<ConfigProblem> problems) {
        if (entry.isEmpty() || owner.type() == null) {
            return;
        }
        boolean embedding = "embedding".equals(entry.get().kind());
        if (embedding && owner.type().servesChat()) {
            problems.add(new ConfigProblem(
                    path, "'" + model + "' is an embedding model but the endpoint is " + owner.type()));
        } else if (!embedding && owner.type() == EndpointType.EMBEDDINGS) {
            problems.add(
                    new ConfigProblem(path, "'" + model + "' is a chat model but the endpoint is " + owner.type()));
        }
    }
}
