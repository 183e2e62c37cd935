package io.mlflowlite.routing;

import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.pipeline.RoutedTargets;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.ModelResolver;
import io.mlflowlite.provider.ProviderSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns calls to endpoint and route names into calls to models, from the current {@link RoutingConfig}.
 * {@link io.mlflowlite.gateway.Gateway} owns one and asks it at the start of every call, before the call's
 * {@link io.mlflowlite.pipeline.CallContext} exists — because the endpoint's timeout and deadline must be
 * known to create it, and only then can "the caller's value, else the endpoint's, else the gateway's" be
 * told apart. The decision then travels through the one pipeline as context attributes.
 *
 * <p>Hot swap: the configuration is one compiled, immutable snapshot behind an {@link AtomicReference}.
 * {@link #reconfigure} compiles the new one off the call path and swaps it in one step; each call reads the
 * reference exactly once, so a call in flight finishes on the snapshot it started with. No locks on the
 * call path.
 *
 * <p>Thread-safe. {@link #route} does no I/O, except a prompt registry lookup when an endpoint is bound to a
 * prompt whose cached version is due (see {@link PromptBindings}).
 */
public final class EndpointRouter {
    /** Context attribute: the endpoint serving the call (for a route, the chosen destination's endpoint). */
    public static final String ENDPOINT_ATTRIBUTE = "mlflowlite.endpoint";
    /** Context attribute: the route the call named, when it named one. */
    public static final String ROUTE_ATTRIBUTE = "mlflowlite.route";
    /** Context attribute: the destination the route chose (an endpoint name), when the call named a route. */
    public static final String DESTINATION_ATTRIBUTE = "mlflowlite.destination";
    /** Context attribute: the endpoint's model, {@code provider/model}. */
    public static final String MODEL_ATTRIBUTE = "mlflowlite.endpoint.model";
    /** Context attribute: the configuration that routed the call (its version and fingerprint). */
    public static final String CONFIG_ATTRIBUTE = "mlflowlite.routing.config";
    /** Context attribute: the prompt version a bound endpoint rendered, {@code prompts:/name/3}. */
    public static final String PROMPT_ATTRIBUTE = "mlflowlite.prompt";

    private final ModelResolver resolver;
    private final List<ProviderSettings> settings;
    private final Map<String, String> env;
    private final List<String> defaultFallbacks;
    private final TrafficSplitter splitter;
    private final PromptBindings prompts;
    private final Map<String, RouteStrategyProvider> strategies;
    private final PriceTable prices;
    private final CompiledRouting.Deployer deployer;
    private final AtomicReference<CompiledRouting> current = new AtomicReference<>(CompiledRouting.EMPTY);

    /**
     * A router resolving models with the gateway's {@code resolver}, {@code settings} and {@code env};
     * {@code defaultFallbacks} are used by endpoints that configure none, unless the call sets its own.
     *
     * @throws RoutingConfigException when {@code initial} is invalid
     */
    public EndpointRouter(
            ModelResolver resolver,
            List<ProviderSettings> settings,
            Map<String, String> env,
            List<String> defaultFallbacks,
            TrafficSplitter splitter,
            Map<String, RouteStrategyProvider> strategies,
            PriceTable prices,
            PromptBindings prompts,
            RoutingConfig initial) {
        this.resolver = resolver;
        this.settings = List.copyOf(settings);
        this.env = Map.copyOf(env);
        this.defaultFallbacks = List.copyOf(defaultFallbacks);
        this.splitter = splitter;
        this.strategies = Map.copyOf(strategies);
        this.prices = prices;
        this.prompts = prompts;
        this.deployer = new CompiledRouting.Deployer() {
            @Override
            public Collection<String> providers() {
                return resolver.providers();
            }

            @Override
            public ModelCatalog catalog() {
                return resolver.catalog();
            }

            @Override
            public Deployment deploy(ModelSpec spec) {
                return EndpointRouter.this.deploy(spec);
            }

            @Override
            public Deployment resolve(String model) {
                return resolver.resolve(model);
            }

            @Override
            public void loadPrompt(String uri) {
                prompts.load(uri);
            }

            @Override
            public Map<String, RouteStrategyProvider> strategies() {
                return EndpointRouter.this.strategies;
            }

            @Override
            public RouteStrategyProvider.Context strategyContext(Map<String, String> endpointModels) {
                return new RouteStrategyProvider.Context(
                        resolver.catalog(), EndpointRouter.this.prices, endpointModels, EndpointRouter.this.env);
            }
        };
        reconfigure(initial);
    }

    /**
     * Validates and compiles {@code config}, then makes it the one new calls use, atomically. Calls already
     * running finish on the previous configuration. Blocks only on CPU.
     *
     * @throws RoutingConfigException listing every problem; the previous configuration stays in place
     */
    public void reconfigure(RoutingConfig config) {
        current.set(CompiledRouting.compile(config, deployer));
    }

    /** The configuration new calls use. */
    public RoutingConfig config() {
        return current.get().config();
    }

    /**
     * Routes a chat call. When {@code request.model()} names a route, picks its destination with the
     * {@link TrafficSplitter}; when it names an endpoint (directly or as that destination), fills in the
     * endpoint's default parameters, timeout, deadline and retries where the request left them unset, and
     * decides the targets: the endpoint's model, then the request's own fallbacks if it set any, else the
     * endpoint's, else the gateway's defaults. When the endpoint is bound to a prompt, renders it around the
     * caller's {@code prompt_variables} (see {@link PromptBindings}). Any other model name goes through
     * unchanged (its fallbacks may still name endpoints and routes). Blocks only when a bound prompt's cached
     * version is due for a lookup in the prompt registry.
     *
     * @throws InvalidRequestException when the name is an embeddings endpoint, a bound prompt's variables are
     *                                 missing, or {@code prompt_variables} are sent where no prompt is bound
     */
    public RoutedCall route(ChatRequest request) {
        CompiledRouting table = current.get(); // the only read: the whole call uses this snapshot
        String model = request.model();
        if (model == null || table.isEmpty()) {
            PromptBindings.rejectVariables(request, "'" + model + "' is no endpoint");
            return RoutedCall.unrouted(request);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        CompiledRouting.CompiledEndpoint endpoint = pick(table, model, request, attributes);
        if (endpoint == null) {
            PromptBindings.rejectVariables(request, "'" + model + "' is no endpoint");
            return plain(table, request);
        }
        Endpoint e = endpoint.endpoint();
        if (!e.type().servesChat()) {
            throw new InvalidRequestException(
                    "'" + model + "' is an " + e.type() + " endpoint: use it for embeddings, not chat completions",
                    "model");
        }
        ChatRequest.Builder b = e.defaults().apply(request).toBuilder();
        if (request.timeout() == null && e.timeout() != null) {
            b.timeout(e.timeout());
        }
        if (request.deadline() == null && e.deadline() != null) {
            b.deadline(e.deadline());
        }
        if (request.maxRetries() == null && e.maxRetries() != null) {
            b.maxRetries(e.maxRetries());
        }
        List<RoutedTargets.Target> targets = targets(table, endpoint, request);
        b.fallbackModels(targets.subList(1, targets.size()).stream()
                .map(RoutedTargets.Target::name)
                .toList());
        attributes.put(ENDPOINT_ATTRIBUTE, e.name());
        attributes.put(MODEL_ATTRIBUTE, endpoint.primary().key());
        attributes.put(CONFIG_ATTRIBUTE, table.label());
        attributes.put(RoutedTargets.KEY, new RoutedTargets(model, targets));
        ChatRequest routed = b.build();
        if (e.prompt() != null) {
            routed = prompts.render(e, routed, attributes);
        } else {
            PromptBindings.rejectVariables(routed, "endpoint '" + e.name() + "' is bound to no prompt");
        }
        return new RoutedCall(routed, attributes);
    }

    /**
     * Routes a call that named no route through {@code strategy} (a {@link RouteStrategyProvider#standalone}
     * one): the strategy picks an endpoint or a model, and the call is routed as if it had named that. The
     * decision is recorded under {@link RouteDecision#KEY} like a route's.
     */
    public RoutedCall route(ChatRequest request, RouteStrategy strategy) {
        RouteDecision decision = strategy.decide(request);
        RoutedCall call =
                route(request.toBuilder().model(decision.destination()).build());
        Object model = call.attributes().get(MODEL_ATTRIBUTE);
        Map<String, Object> attributes = new LinkedHashMap<>(call.attributes());
        attributes.put(RouteDecision.KEY, decision.withModel(model != null ? (String) model : decision.destination()));
        return new RoutedCall(call.request(), attributes);
    }

    /** What strategies may know of the gateway under the current configuration. */
    public RouteStrategyProvider.Context strategyContext() {
        Map<String, String> models = new LinkedHashMap<>();
        current.get()
                .endpoints()
                .forEach((name, e) -> models.put(name, e.primary().key()));
        return deployer.strategyContext(models);
    }

    /** The providers of route strategies this router knows, by name. */
    public Map<String, RouteStrategyProvider> strategies() {
        return strategies;
    }

    /**
     * A call to a plain model name. Its fallbacks (the request's, else the gateway's) may still name endpoints
     * or routes: then the targets are decided here too, so every fallback name means the same in every call.
     */
    private RoutedCall plain(CompiledRouting table, ChatRequest request) {
        List<String> fallbacks = request.fallbackModels() != null ? request.fallbackModels() : defaultFallbacks;
        if (fallbacks.stream()
                .noneMatch(
                        n -> table.endpoints().containsKey(n) || table.routes().containsKey(n))) {
            return RoutedCall.unrouted(request);
        }
        String model = request.model();
        List<RoutedTargets.Target> targets = new ArrayList<>();
        targets.add(new RoutedTargets.Target(model, () -> resolver.resolve(model)));
        fallbacks.forEach(name -> targets.add(byName(table, name)));
        return new RoutedCall(
                request.toBuilder().fallbackModels(fallbacks).build(),
                Map.of(RoutedTargets.KEY, new RoutedTargets(model, targets)));
    }

    /**
     * The deployment serving embeddings for {@code model} when it names an embeddings endpoint (or a route
     * over them), else empty. A route's splitter sees a request carrying only the model.
     *
     * @throws InvalidRequestException when the name is a chat or completions endpoint
     */
    public Optional<Deployment> embeddingDeployment(String model) {
        CompiledRouting table = current.get();
        if (model == null || table.isEmpty()) {
            return Optional.empty();
        }
        CompiledRouting.CompiledEndpoint endpoint =
                pick(table, model, ChatRequest.builder().model(model).build(), new LinkedHashMap<>());
        if (endpoint == null) {
            return Optional.empty();
        }
        if (endpoint.endpoint().type() != EndpointType.EMBEDDINGS) {
            throw new InvalidRequestException(
                    "'" + model + "' is an " + endpoint.endpoint().type() + " endpoint: it cannot serve embeddings",
                    "model");
        }
        return Optional.of(endpoint.primary());
    }

    /**
     * Every deployment a chat call of {@code request} may be served by under the current configuration, without
     * choosing: for an endpoint, its model and its fallbacks (the request's, else the endpoint's, else the
     * gateway's defaults); for a route, that of every destination; for any other name, its model and the request's
     * (else the gateway's) fallbacks. A fallback naming an endpoint counts its model, one naming a route the models
     * of all its destinations. Names that cannot be resolved now are left out, as the retries skip them. For a
     * budget's worst case ({@link io.mlflowlite.gateway.Gateway#worstCaseCost}); no I/O.
     */
    public List<Deployment> reachable(ChatRequest request) {
        String model = request.model();
        if (model == null) {
            return List.of();
        }
        CompiledRouting table = current.get();
        List<Deployment> found = new ArrayList<>();
        Route route = table.routes().get(model);
        List<String> named = route == null
                ? List.of(model)
                : route.destinations().stream().map(Destination::name).toList();
        for (String name : named) {
            CompiledRouting.CompiledEndpoint endpoint = table.endpoints().get(name);
            if (endpoint == null) {
                reachOne(table, name, found);
                fallbacks(request).forEach(f -> reachOne(table, f, found));
            } else {
                found.add(endpoint.primary());
                if (request.fallbackModels() == null && !endpoint.fallbacks().isEmpty()) {
                    found.addAll(endpoint.fallbacks());
                } else {
                    fallbacks(request).forEach(f -> reachOne(table, f, found));
                }
            }
        }
        return found;
    }

    private List<String> fallbacks(ChatRequest request) {
        return request.fallbackModels() != null ? request.fallbackModels() : defaultFallbacks;
    }

    /** What a single name reaches: an endpoint's model, the models of a route's destinations, else the model. */
    private void reachOne(CompiledRouting table, String name, List<Deployment> found) {
        CompiledRouting.CompiledEndpoint endpoint = table.endpoints().get(name);
        if (endpoint != null) {
            found.add(endpoint.primary());
            return;
        }
        Route route = table.routes().get(name);
        if (route != null) {
            route.destinations().stream()
                    .map(d -> table.endpoints().get(d.name()))
                    .filter(java.util.Objects::nonNull)
                    .forEach(e -> found.add(e.primary()));
            return;
        }
        try {
            found.add(resolver.resolve(name));
        } catch (io.mlflowlite.error.MlflowliteException unresolvable) {
            // skipped, as the retries skip a target that cannot be resolved
        }
    }

    /** The model of the endpoint called {@code name}, as the current configuration resolves it. */
    public Optional<Deployment> endpointDeployment(String name) {
        return Optional.ofNullable(current.get().endpoints().get(name)).map(CompiledRouting.CompiledEndpoint::primary);
    }

    private CompiledRouting.CompiledEndpoint pick(
            CompiledRouting table, String model, ChatRequest request, Map<String, Object> attributes) {
        Route route = table.routes().get(model);
        if (route == null) {
            return table.endpoints().get(model);
        }
        attributes.put(ROUTE_ATTRIBUTE, route.name());
        RouteStrategy strategy = table.strategies().get(route.name());
        if (strategy == null) {
            Destination destination = splitter.choose(route, request);
            attributes.put(DESTINATION_ATTRIBUTE, destination.name());
            return table.endpoints().get(destination.name());
        }
        RouteDecision decision = strategy.decide(request);
        CompiledRouting.CompiledEndpoint endpoint = table.endpoints().get(decision.destination());
        if (endpoint == null) {
            throw new IllegalStateException("Route '" + route.name() + "': its " + route.strategy()
                    + " strategy chose '" + decision.destination() + "', which is no endpoint of the configuration");
        }
        attributes.put(DESTINATION_ATTRIBUTE, decision.destination());
        attributes.put(RouteDecision.KEY, decision.withModel(endpoint.primary().key()));
        return endpoint;
    }

    private List<RoutedTargets.Target> targets(
            CompiledRouting table, CompiledRouting.CompiledEndpoint endpoint, ChatRequest request) {
        List<RoutedTargets.Target> targets = new ArrayList<>();
        targets.add(RoutedTargets.Target.of(endpoint.primary()));
        if (request.fallbackModels() != null) {
            request.fallbackModels().forEach(name -> targets.add(byName(table, name)));
        } else if (!endpoint.fallbacks().isEmpty()) {
            endpoint.fallbacks().forEach(d -> targets.add(RoutedTargets.Target.of(d)));
        } else {
            defaultFallbacks.forEach(name -> targets.add(byName(table, name)));
        }
        return targets;
    }

    /**
     * A fallback named at call time: an endpoint of the same snapshot (shown as its model, like configured
     * fallbacks), a route (split when the retries reach it), else any model name (resolved then).
     */
    private RoutedTargets.Target byName(CompiledRouting table, String name) {
        CompiledRouting.CompiledEndpoint endpoint = table.endpoints().get(name);
        if (endpoint != null) {
            return RoutedTargets.Target.of(endpoint.primary());
        }
        Route route = table.routes().get(name);
        if (route != null) {
            return new RoutedTargets.Target(
                    name,
                    () -> pick(table, name, ChatRequest.builder().model(name).build(), new LinkedHashMap<>())
                            .primary());
        }
        return new RoutedTargets.Target(name, () -> resolver.resolve(name));
    }

    /** {@code spec}'s deployment: its config overrides the gateway's settings for the provider, field by field. */
    private Deployment deploy(ModelSpec spec) {
        ModelConfig c = spec.config();
        if (c.isEmpty()) {
            return resolver.resolve(spec.key());
        }
        ProviderSettings base = null;
        for (ProviderSettings s : settings) {
            if (s.name().equals(spec.provider())) {
                base = s; // the last one wins, as in ModelResolver
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(base == null ? Map.of() : base.headers());
        headers.putAll(c.headers());
        ProviderSettings override = new ProviderSettings(
                spec.provider(),
                base == null ? null : base.wire(),
                c.apiKey() != null ? c.apiKey() : base == null ? null : base.apiKey(),
                c.baseUrl() != null ? c.baseUrl() : base == null ? null : base.baseUrl(),
                headers);
        List<ProviderSettings> all = new ArrayList<>(settings);
        all.add(override);
        return new ModelResolver(resolver.catalog(), all, env).resolve(spec.key());
    }
}
