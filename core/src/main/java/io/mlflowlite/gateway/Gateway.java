package io.mlflowlite.gateway;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.chat.Message;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.cost.TokenEstimator;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.internal.http.HttpTransport;
import io.mlflowlite.limits.LimitsInterceptor;
import io.mlflowlite.pipeline.CallContext;
import io.mlflowlite.pipeline.CircuitBreaker;
import io.mlflowlite.pipeline.Interceptor;
import io.mlflowlite.pipeline.Pipeline;
import io.mlflowlite.pipeline.ProviderInvoker;
import io.mlflowlite.pipeline.RequestValidator;
import io.mlflowlite.pipeline.RetryAndFallback;
import io.mlflowlite.pipeline.RetryPolicy;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.ModelResolver;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderPlugin;
import io.mlflowlite.provider.ProviderSettings;
import io.mlflowlite.provider.anthropic.AnthropicProvider;
import io.mlflowlite.provider.gemini.GeminiProvider;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.provider.mock.MockProvider;
import io.mlflowlite.provider.openai.OpenAiProvider;
import io.mlflowlite.routing.Endpoint;
import io.mlflowlite.routing.EndpointRouter;
import io.mlflowlite.routing.PromptBindings;
import io.mlflowlite.routing.Route;
import io.mlflowlite.routing.RouteDecision;
import io.mlflowlite.routing.RouteStrategy;
import io.mlflowlite.routing.RouteStrategyProvider;
import io.mlflowlite.routing.RoutedCall;
import io.mlflowlite.routing.RoutingConfig;
import io.mlflowlite.routing.RoutingConfigException;
import io.mlflowlite.routing.RoutingConfigLoader;
import io.mlflowlite.routing.TrafficSplitter;
import io.mlflowlite.time.TimeSource;
import io.mlflowlite.tracing.Tracing;
import io.mlflowlite.tracing.TracingInterceptor;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;

/**
 * The instance API: one configured gateway to every provider. Every call runs the same pipeline
 * (validation, your interceptors, retries, fallbacks, circuit breakers, the provider adapter, pricing) that
 * the gateway server runs. Thread-safe; share one instance. {@link #close()} releases its HTTP client.
 *
 * <p>A request's model is a model name ({@code gpt-4o}, {@code anthropic/claude-sonnet-4-5}) or the name of
 * an endpoint or route of the gateway's {@link RoutingConfig}, which decides the model serving it and can be
 * swapped while calls run ({@link #reconfigure}).
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.fromEnv()) {
 *     ChatResponse r = gateway.completion(ChatRequest.of("mock/mini", "What is the capital of France?"));
 *     System.out.println(r.content() + " " + r.cost().formatted());
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {
    /** Per-attempt timeout when neither the request nor the builder sets one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** Overall deadline across retries and fallbacks when neither the request nor the builder sets one. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
    /** How long a bound prompt alias is cached by default; see {@link Builder#promptCacheTtl}. */
    public static final Duration DEFAULT_PROMPT_CACHE_TTL = Duration.ofSeconds(5);

    private final ModelResolver resolver;
    private final PriceTable prices;
    private final Map<String, Provider> providers;
    private final RetryAndFallback retries;
    private final EndpointRouter router;
    private final Pipeline pipeline;
    private final TimeSource time;
    private final HttpTransport transport;
    private final Duration timeout;
    private final Duration deadline;
    private final int maxRetries;
    private final List<String> fallbackModels;
    private final int batchConcurrency;
    private final Tracing tracing;
    /** Tracing configured from the builder's env map, which this gateway opened and closes. */
    private final Tracing ownTracing;

    private final LazyPromptRegistry prompts;
    private final Map<String, String> env;
    private volatile RouteStrategy smart; // the standalone smart strategy, made on first use

    private Gateway(Builder b) {
        this.time = b.time;
        List<ProviderPlugin> plugins = ProviderPlugins.load(b.plugins, b.discoverPlugins);
        ModelCatalog catalog =
                ProviderPlugins.addModels(b.catalog != null ? b.catalog : ModelCatalog.bundled(), plugins);
        if (b.env.containsKey("MLFLOWLITE_CATALOG")) {
            catalog = catalog.withFile(Path.of(b.env.get("MLFLOWLITE_CATALOG")));
        }
        PriceTable table = ProviderPlugins.addPrices(b.prices != null ? b.prices : PriceTable.bundled(), plugins);
        if (b.env.containsKey("MLFLOWLITE_PRICES")) {
            table = table.withOverrides(Path.of(b.env.get("MLFLOWLITE_PRICES")));
        }
        this.prices = table;
        MockModels mocks = b.mockModels != null ? b.mockModels : MockModels.bundled();
        if (b.env.containsKey("MLFLOWLITE_MOCK_MODELS")) {
            mocks = mocks.withModelsFrom(Path.of(b.env.get("MLFLOWLITE_MOCK_MODELS")));
        }
        this.resolver = new ModelResolver(
                catalog,
                b.settings,
                b.env,
                plugins.stream().map(ProviderPlugin::profile).toList());
        // before the HTTP client exists, so an invalid routing configuration leaves nothing to close
        this.env = b.env;
        this.prompts = new LazyPromptRegistry(b.promptRegistry, b.env);
        this.router = new EndpointRouter(
                resolver,
                b.settings,
                b.env,
                b.fallbackModels,
                b.splitter,
                RouteStrategies.load(b.strategies, b.discoverPlugins),
                table,
                new PromptBindings(prompts::get, time, b.promptCacheTtl),
                b.routing(plugins.stream().map(p -> p.profile().name()).toList()));
        // before the HTTP client too: a store URL in the map that cannot be opened leaves nothing to close
        this.ownTracing =
                b.tracing == null && b.envGiven && !b.env.equals(System.getenv()) ? Tracing.fromEnv(b.env) : null;
        this.transport = b.httpClient != null ? new HttpTransport(b.httpClient) : HttpTransport.fromEnv(b.env);
        Map<String, Provider> adapters = new LinkedHashMap<>();
        adapters.put("openai", new OpenAiProvider(transport));
        adapters.put("anthropic", new AnthropicProvider(transport));
        adapters.put("gemini", new GeminiProvider(transport));
        adapters.put("mock", new MockProvider(mocks));
        plugins.forEach(p -> adapters.put(p.profile().wire(), p.adapter()));
        adapters.putAll(b.adapters);
        this.providers = Map.copyOf(adapters);
        this.timeout = b.timeout;
        this.deadline = b.deadline;
        this.maxRetries = b.retryPolicy.maxRetries();
        this.fallbackModels = List.copyOf(b.fallbackModels);
        this.batchConcurrency = b.batchConcurrency;
        this.retries = new RetryAndFallback(
                resolver,
                new ProviderInvoker(providers, prices, TokenEstimator.shared()),
                b.retryPolicy,
                b.breakerPolicy,
                b.random,
                time);
        this.tracing = b.tracing != null ? b.tracing : ownTracing != null ? ownTracing : Tracing.global();
        List<Interceptor> steps = new ArrayList<>();
        steps.add(new TracingInterceptor(tracing));
        steps.addAll(b.interceptors);
        steps.add(retries);
        this.pipeline = new Pipeline(steps);
    }

    /**
     * A gateway configured from the environment: provider keys and base URLs by the names each SDK uses
     * ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}, {@code GEMINI_API_KEY}/{@code GOOGLE_API_KEY},
     * {@code MISTRAL_API_KEY}, {@code OLLAMA_BASE_URL}, {@code VLLM_BASE_URL} …) and optional files
     * {@code MLFLOWLITE_CATALOG}, {@code MLFLOWLITE_PRICES}, {@code MLFLOWLITE_MOCK_MODELS}. Simulated
     * {@code mock/*} models always work, and so do the models of {@link ProviderPlugin}s on the classpath (the
     * {@code mlflowlite-embed} module's offline {@code local/*} models).
     */
    public static Gateway fromEnv() {
        return builder().env(System.getenv()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends a chat completion through the pipeline and returns the whole response. Blocks until it arrives,
     * never past the deadline. A request with {@code stream=true} is streamed upstream and accumulated.
     *
     * @throws InvalidRequestException before any network call when the request is wrong
     * @throws MlflowliteException     the last attempt's failure when every retry and fallback failed
     */
    public ChatResponse completion(ChatRequest request) {
        if (request.stream()) {
            try (ChatStream stream = stream(request)) {
                return stream.response();
            }
        }
        return call(router.route(request));
    }

    /**
     * Sends a chat completion through smart routing and returns where it went with the response. When
     * {@code request.model()} names a route with a strategy ({@code routing_strategy: smart} in the gateway's
     * configuration, or an A/B test), that route decides; otherwise the {@code smart} strategy picks a model for
     * the request on its own (the request's model is then ignored and may be null). The decision is on the
     * call's trace too.
     *
     * @throws io.mlflowlite.error.ConfigurationException when no {@code smart} strategy is available (it comes
     *                                                    with the {@code mlflowlite-experiments} module)
     */
    public RoutedResponse smartCompletion(ChatRequest request) {
        RoutedCall routed =
                namesStrategyRoute(request.model()) ? router.route(request) : router.route(request, standaloneSmart());
        ChatResponse response = call(routed);
        return new RoutedResponse((RouteDecision) routed.attributes().get(RouteDecision.KEY), response);
    }

    private boolean namesStrategyRoute(String model) {
        return model != null
                && router.config().route(model).filter(r -> !r.isSplit()).isPresent();
    }

    private RouteStrategy standaloneSmart() {
        RouteStrategy strategy = smart;
        if (strategy == null) {
            RouteStrategyProvider provider = router.strategies().get("smart");
            if (provider == null) {
                throw new io.mlflowlite.error.ConfigurationException(
                        "Smart routing is not available: add the mlflowlite-experiments module (the mlflowlite "
                                + "library brings it)");
            }
            strategy = provider.standalone(router.strategyContext())
                    .orElseThrow(() -> new io.mlflowlite.error.ConfigurationException(
                            "The smart strategy needs a route here: call a route with routing_strategy: smart"));
            smart = strategy;
        }
        return strategy;
    }

    private ChatResponse call(RoutedCall routed) {
        ChatRequest effective = withDefaults(routed.request());
        CallContext context = context(effective);
        routed.attachTo(context);
        ChatResponse response = pipeline.call(effective, context);
        return response.toBuilder()
                .latency(context.elapsed())
                .attempts(context.attempts())
                .labels(labels(routed))
                .build();
    }

    private static Map<String, String> labels(RoutedCall routed) {
        return routed.attributes().get(RouteDecision.KEY) instanceof RouteDecision d ? d.labels() : Map.of();
    }

    /**
     * Starts a streamed chat completion. Returns once the first chunk arrived (retries and fallbacks happen
     * before that); iterate the chunks, then read {@link ChatStream#response()} for usage, cost and latency.
     * Close the stream to stop early.
     */
    public ChatStream stream(ChatRequest request) {
        RoutedCall routed = router.route(request.toBuilder().stream(true).build());
        ChatRequest effective = withDefaults(routed.request());
        CallContext context = context(effective);
        routed.attachTo(context);
        Map<String, String> labels = labels(routed);
        return pipeline.stream(effective, context)
                .withLabels(labels)
                .withFinisher(r -> r.toBuilder()
                        .latency(context.elapsed())
                        .attempts(context.attempts())
                        .labels(labels)
                        .build());
    }

    /** Asks {@code model} one question. */
    public ChatResponse query(String model, String prompt) {
        return completion(ChatRequest.of(model, prompt));
    }

    /** Runs {@code prompt} on {@code input}; see {@link ChatRequest#ofPrompt}. */
    public ChatResponse query(String model, String prompt, String input) {
        return completion(ChatRequest.ofPrompt(model, prompt, input));
    }

    /**
     * Sends one request per conversation to {@code model} concurrently (on virtual threads, at most
     * {@link Builder#batchConcurrency} at once) and returns a result per item, in input order. One item's
     * failure does not affect the others.
     */
    public List<BatchResult> batchCompletion(String model, List<List<Message>> conversations) {
        List<ChatRequest> requests = new ArrayList<>(conversations.size());
        for (List<Message> messages : conversations) {
            requests.add(ChatRequest.builder().model(model).messages(messages).build());
        }
        return batchCompletion(requests);
    }

    /** Like {@link #batchCompletion(String, List)} for fully built requests. */
    public List<BatchResult> batchCompletion(List<ChatRequest> requests) {
        Semaphore permits = new Semaphore(batchConcurrency);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<BatchResult>> futures = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                int index = i;
                ChatRequest request = requests.get(i);
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return BatchResult.success(index, completion(request));
                    } catch (MlflowliteException e) {
                        return BatchResult.failure(index, e);
                    } catch (RuntimeException e) {
                        return BatchResult.failure(index, new MlflowliteException(e.toString(), e));
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<BatchResult> results = new ArrayList<>(futures.size());
            for (Future<BatchResult> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowliteException("Interrupted while waiting for the batch", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new MlflowliteException("Batch item failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Embeds texts with {@code request.model()} (a model or an embeddings endpoint): retried like chat attempts
     * within the gateway's timeout and deadline, priced like chat input, traced as an EMBEDDING span. Blocks.
     */
    public EmbeddingResponse embedding(EmbeddingRequest request) {
        Deployment deployment =
                router.embeddingDeployment(request.model()).orElseGet(() -> resolver.resolve(request.model()));
        return EmbeddingCall.run(
                request,
                deployment,
                providers.get(deployment.wire()),
                new CallContext(time, timeout, deadline),
                retries,
                prices,
                tracing);
    }

    /** Every catalog model and pass-through provider, with whether it can be served now and why not. */
    public List<ModelInfo> models() {
        List<ModelInfo> models = new ArrayList<>();
        for (CatalogEntry entry : resolver.catalog().entries()) {
            ModelResolver.Availability a = resolver.availability(entry.provider());
            models.add(new ModelInfo(
                    entry.name(), entry.provider(), entry.kind(), a.available(), a.reason(), entry.note()));
        }
        for (String provider : resolver.providers()) {
            boolean inCatalog = resolver.catalog().entries().stream()
                    .anyMatch(e -> e.provider().equals(provider));
            if (!inCatalog) {
                ModelResolver.Availability a = resolver.availability(provider);
                models.add(new ModelInfo(
                        provider + "/<model>",
                        provider,
                        "chat",
                        a.available(),
                        a.reason(),
                        "any model the server hosts"));
            }
        }
        return models;
    }

    /** Resolves a model or endpoint name the way calls do, without calling (for tools and the server). */
    public Deployment resolve(String model) {
        return router.endpointDeployment(model).orElseGet(() -> resolver.resolve(model));
    }

    /**
     * The most {@code request} can cost on any deployment that may serve it under the current configuration (the
     * model or endpoint it names, every destination of a route, fallbacks): see {@link WorstCaseCost}. What a
     * budget holds while the call runs; a tokenizer pass over the prompt per priced deployment, no I/O.
     */
    public java.math.BigDecimal worstCaseCost(ChatRequest request) {
        return WorstCaseCost.of(request, router.reachable(request), prices, resolver.catalog());
    }

    /**
     * Swaps in a new routing configuration, atomically: calls that start afterwards use it, calls in flight
     * finish on the previous one. Validates and resolves every endpoint's model first (no network); blocks
     * only on that CPU work, never on calls in flight.
     *
     * @throws RoutingConfigException listing every problem; the previous configuration keeps serving
     */
    public void reconfigure(RoutingConfig config) {
        router.reconfigure(config);
    }

    /** The routing configuration new calls use. Its endpoints hold API keys: never print them whole. */
    public RoutingConfig routing() {
        return router.config();
    }

    /** The state of a deployment's circuit breaker ({@code provider/model}). */
    public CircuitBreaker.State circuitState(String deploymentKey) {
        return retries.breaker(deploymentKey).state();
    }

    /** Where this gateway's traces go: the builder's {@link Tracing}, its env map's, or {@link Tracing#global()}. */
    public Tracing tracing() {
        return tracing;
    }

    /**
     * Attaches a person's feedback on a call to its trace, as an assessment (source {@code HUMAN}) in the trace
     * store: {@code gateway.logFeedback(response.traceId().orElseThrow(), "thumbs_up", true, "spot on")}. The
     * trace must be one this gateway's tracing recorded or stores (see {@link Tracing#logAssessment}); blocks on
     * the store.
     *
     * @param value   {@code Boolean}, a {@code Number} or a {@code String}
     * @param comment why, or null
     * @throws java.util.NoSuchElementException when no such trace was recorded or stored
     * @throws io.mlflowlite.error.ConfigurationException when tracing keeps no store (tracing off)
     */
    public io.mlflowlite.tracing.Assessment logFeedback(String traceId, String name, Object value, String comment) {
        return tracing.logAssessment(traceId, feedback(name, value, comment));
    }

    private static io.mlflowlite.chat.Feedback feedback(String name, Object value, String comment) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Feedback needs a name, such as \"thumbs_up\"");
        }
        if (!(value instanceof Boolean || value instanceof Number || value instanceof String)) {
            throw new IllegalArgumentException("Feedback '" + name + "' needs a Boolean, Number or String value, got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return io.mlflowlite.chat.Feedback.of(name, value, comment, "HUMAN");
    }

    public PriceTable prices() {
        return prices;
    }

    public ModelCatalog catalog() {
        return resolver.catalog();
    }

    private ChatRequest withDefaults(ChatRequest request) {
        RequestValidator.validate(request);
        if (request.timeout() != null
                && request.deadline() != null
                && request.maxRetries() != null
                && request.fallbackModels() != null) {
            return request;
        }
        return request.toBuilder()
                .timeout(request.timeout() != null ? request.timeout() : timeout)
                .deadline(request.deadline() != null ? request.deadline() : deadline)
                .maxRetries(request.maxRetries() != null ? request.maxRetries() : maxRetries)
                .fallbackModels(request.fallbackModels() != null ? request.fallbackModels() : fallbackModels)
                .build();
    }

    /** A call's context; it can tell a budget the call's worst-case cost ({@link LimitsInterceptor}). */
    private CallContext context(ChatRequest request) {
        CallContext context = new CallContext(time, request.timeout(), request.deadline());
        context.attribute(LimitsInterceptor.WORST_CASE_COST, (java.util.function.Supplier<java.math.BigDecimal>)
                () -> worstCaseCost(request));
        return context;
    }

    /**
     * A reader of gateway files that accepts every provider this gateway knows (built-in, configured and from
     * plugins) and reads {@code $ENV} references from the gateway's environment: use it to reload the file this
     * gateway was built from, so a reload accepts what the start accepted.
     */
    public RoutingConfigLoader routingLoader() {
        return RoutingConfigLoader.withEnv(env).withProviders(resolver.providers());
    }

    /**
     * The prompt registry that endpoints bound to a prompt read from: the builder's, else the one in
     * {@code MLFLOWLITE_STORE} (or the default SQLite file), opened on first use.
     *
     * @throws ConfigurationException when no prompt store understands the URL (the store module is missing)
     */
    public PromptRegistry promptRegistry() {
        return prompts.get();
    }

    /**
     * Releases the HTTP connections, the prompt store and the tracing this gateway opened (a client or a
     * {@link Tracing} given to the builder stays open; the process-wide tracing too).
     */
    @Override
    public void close() {
        transport.close();
        prompts.close();
        if (ownTracing != null) {
            ownTracing.close();
        }
    }

    /** Configures a {@link Gateway}. Not thread-safe. */
    public static final class Builder {
        private Map<String, String> env = Map.of();
        private boolean envGiven;
        private final List<ProviderSettings> settings = new ArrayList<>();
        private final Map<String, Provider> adapters = new LinkedHashMap<>();
        private final List<ProviderPlugin> plugins = new ArrayList<>();
        private boolean discoverPlugins = true;
        private final List<Interceptor> interceptors = new ArrayList<>();
        private ModelCatalog catalog;
        private PriceTable prices;
        private MockModels mockModels;
        private TimeSource time = TimeSource.SYSTEM;
        private RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        private HttpClient httpClient;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration deadline = DEFAULT_DEADLINE;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private CircuitBreaker.Policy breakerPolicy = CircuitBreaker.Policy.DEFAULT;
        private List<String> fallbackModels = List.of();
        private int batchConcurrency = 16;
        private Tracing tracing;
        private RoutingConfig routing = RoutingConfig.EMPTY;
        private final List<Endpoint> endpoints = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();
        private Path routingFile;
        private TrafficSplitter splitter = TrafficSplitter.weighted();
        private final List<RouteStrategyProvider> strategies = new ArrayList<>();
        private PromptRegistry promptRegistry;
        private Duration promptCacheTtl = DEFAULT_PROMPT_CACHE_TTL;

        private Builder() {}

        /** The routing configuration: the file's (read with this builder's env), the given one, plus added endpoints and routes. */
        private RoutingConfig routing(List<String> pluginProviders) {
            RoutingConfig base = routing;
            if (routingFile != null) {
                base = RoutingConfigLoader.withEnv(env)
                        .withProviders(pluginProviders)
                        .withProviders(
                                settings.stream().map(ProviderSettings::name).toList())
                        .load(routingFile);
            }
            List<Endpoint> allEndpoints = new ArrayList<>(base.endpoints());
            allEndpoints.addAll(endpoints);
            List<Route> allRoutes = new ArrayList<>(base.routes());
            allRoutes.addAll(routes);
            return new RoutingConfig(allEndpoints, allRoutes, base.version(), base.onlineScoring());
        }

        /**
         * Environment variables to read keys, base URLs and files from ({@code System.getenv()} in fromEnv). A map
         * other than the process environment also configures this gateway's tracing, as
         * {@link Tracing#fromEnv(Map)} reads it ({@code MLFLOWLITE_TRACING}, {@code MLFLOWLITE_STORE},
         * {@code MLFLOWLITE_SPILL_DIR} …), unless {@link #tracing(Tracing)} is set: the gateway then uses only that
         * map, opens its own tracing and closes it on {@link Gateway#close()}. With the process environment (or no
         * map) it shares {@link Tracing#global()}.
         */
        public Builder env(Map<String, String> env) {
            this.env = Map.copyOf(env);
            this.envGiven = true;
            return this;
        }
        /** Configures a provider: its key, base URL, headers; or a new OpenAI-compatible provider. */
        public Builder provider(ProviderSettings providerSettings) {
            this.settings.add(providerSettings);
            return this;
        }
        /** Registers a custom adapter for a wire format (replacing a built-in one of the same name). */
        public Builder adapter(Provider adapter) {
            this.adapters.put(adapter.wire(), adapter);
            return this;
        }
        /**
         * Adds a provider plugin by hand; it replaces a discovered plugin of the same provider name. See
         * {@link ProviderPlugin} for what it contributes.
         */
        public Builder plugin(ProviderPlugin plugin) {
            this.plugins.add(Objects.requireNonNull(plugin, "plugin"));
            return this;
        }
        /**
         * Whether {@link #build()} adds the {@link ProviderPlugin}s and {@link RouteStrategyProvider}s found with
         * {@link java.util.ServiceLoader} on the thread's context class loader (default true: a plugin module on the
         * classpath just works).
         */
        public Builder discoverPlugins(boolean on) {
            this.discoverPlugins = on;
            return this;
        }
        /**
         * Where traces go: a {@link Tracing} the caller builds and closes, e.g.
         * {@code Tracing.builder().store(TraceStores.open("jdbc:sqlite:app-traces.db")).spillDir(dir).build()}.
         * Default: tracing from the {@link #env} map when one other than the process environment was given, else
         * {@link Tracing#global()}.
         */
        public Builder tracing(Tracing tracing) {
            this.tracing = tracing;
            return this;
        }
        /** Adds a step to the pipeline, inside tracing and outside retries; steps run in the order added. */
        public Builder interceptor(Interceptor interceptor) {
            this.interceptors.add(interceptor);
            return this;
        }

        public Builder catalog(ModelCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        public Builder prices(PriceTable prices) {
            this.prices = prices;
            return this;
        }

        public Builder mockModels(MockModels mockModels) {
            this.mockModels = mockModels;
            return this;
        }
        /** The clock retries, deadlines and breakers use; tests pass a fake one. */
        public Builder timeSource(TimeSource time) {
            this.time = time;
            return this;
        }
        /** The randomness of backoff jitter; tests pass a seeded one. */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }
        /**
         * A JDK HTTP client to send provider requests with, shared: the gateway then does not close it. Without
         * one, the gateway uses its own blocking HTTP/1.1 client with pooled keep-alive connections, or a JDK
         * client of its own when the env has {@code MLFLOWLITE_HTTP_CLIENT=jdk}.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }
        /** Default per-attempt timeout. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }
        /** Default overall deadline. */
        public Builder deadline(Duration deadline) {
            this.deadline = positive(deadline, "deadline");
            return this;
        }

        public Builder maxRetries(int retries) {
            this.retryPolicy = retryPolicy.withMaxRetries(retries);
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        public Builder circuitBreaker(CircuitBreaker.Policy policy) {
            this.breakerPolicy = policy;
            return this;
        }
        /** Default fallback models, tried in order after the requested one. */
        public Builder fallbackModels(List<String> models) {
            this.fallbackModels = List.copyOf(models);
            return this;
        }
        /** Endpoints apps can call by name, added to the routing configuration. */
        public Builder endpoints(Endpoint... values) {
            this.endpoints.addAll(Arrays.asList(values));
            return this;
        }

        public Builder endpoints(List<Endpoint> values) {
            this.endpoints.addAll(values);
            return this;
        }
        /** Traffic-split routes over the endpoints, added to the routing configuration. */
        public Builder routes(Route... values) {
            this.routes.addAll(Arrays.asList(values));
            return this;
        }

        public Builder routes(List<Route> values) {
            this.routes.addAll(values);
            return this;
        }
        /** A whole routing configuration (endpoints and routes added on the builder come after its own). */
        public Builder routing(RoutingConfig config) {
            this.routing = config;
            return this;
        }
        /** Reads the routing configuration from an MLflow AI Gateway YAML file at build time, with {@link #env}. */
        public Builder routingFile(Path file) {
            this.routingFile = file;
            return this;
        }
        /** How routes pick a destination; default {@link TrafficSplitter#weighted()}. */
        /**
         * Adds a route strategy routes can name in {@code routing_strategy}; it replaces a discovered one of the
         * same name. Strategies on the classpath ({@link java.util.ServiceLoader}, such as the
         * {@code mlflowlite-experiments} module's {@code smart} and {@code experiment}) are added unless
         * {@link #discoverPlugins(boolean)} is off.
         */
        public Builder routeStrategy(RouteStrategyProvider provider) {
            this.strategies.add(java.util.Objects.requireNonNull(provider, "provider"));
            return this;
        }

        public Builder trafficSplitter(TrafficSplitter value) {
            this.splitter = value;
            return this;
        }

        /** The registry endpoints bound to a prompt read from; the gateway does not close it. */
        public Builder promptRegistry(PromptRegistry registry) {
            this.promptRegistry = registry;
            return this;
        }

        /**
         * How long a bound prompt alias ({@code @production}, {@code @latest}) is used before it is looked up
         * again: moving an alias reaches calls within this time. Pinned versions are cached for good.
         */
        public Builder promptCacheTtl(Duration ttl) {
            this.promptCacheTtl = positive(ttl, "promptCacheTtl");
            return this;
        }
        /** At most this many batch items run at once (default 16). */
        public Builder batchConcurrency(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("batchConcurrency must be at least 1, was " + limit);
            }
            this.batchConcurrency = limit;
            return this;
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || !value.isPositive()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        /** @throws RoutingConfigException when the routing configuration is invalid, listing every problem */
        public Gateway build() {
            return new Gateway(this);
        }
    }
}
