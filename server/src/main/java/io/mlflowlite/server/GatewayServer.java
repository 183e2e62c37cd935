package io.mlflowlite.server;

import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.webui.WebUi;
import io.mlflowlite.webui.WebUiContext;
import io.mlflowlite.webui.WebUis;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The gateway as an HTTP server speaking OpenAI's API, so an app in any language switches to any provider by
 * changing its SDK's base URL. Every request runs the same pipeline as the library ({@link Gateway}): validation,
 * tracing, retries, fallbacks, circuit breakers, provider adapters, cost.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.fromEnv();
 *      GatewayServer server = GatewayServer.builder().gateway(gateway).port(4000).build().start()) {
 *     // OpenAI SDKs: base URL server.url() + "/v1"
 * }
 * }</pre>
 *
 * <p>Routes: {@code POST /v1/chat/completions} (JSON, or server-sent events with {@code stream: true}),
 * {@code POST /v1/responses}, {@code POST /v1/messages} (Anthropic's API), {@code POST /v1/embeddings},
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}, MLflow's endpoints API, {@code GET /health},
 * {@code GET /ready}, {@code GET /metrics}. Errors come as OpenAI's error JSON with the matching status
 * (Anthropic's on {@code /v1/messages}). Responses carry
 * {@code x-request-id} and the gateway's {@code x-mlflowlite-*} headers (trace id, cost, latency, provider).
 *
 * <p>Threads: each request is served on its own virtual thread. {@link #stop()} drains gracefully: {@code /ready}
 * turns 503 and new API requests are refused with 503 at once, requests and streams in flight run to their end
 * (up to the shutdown grace period), then the listener closes and the traces are flushed. The server does not
 * own the {@link Gateway}: close it after the server. Thread-safe.
 */
public final class GatewayServer implements AutoCloseable {
    /** The default largest request body: 10 MiB, room for images sent inline as base64. */
    public static final long DEFAULT_MAX_BODY_SIZE = 10L * 1024 * 1024;
    /** The default time {@link #stop()} lets in-flight requests and streams finish. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** The most {@link #stop()} waits for queued traces to reach their store after the drain. */
    static final Duration TRACE_FLUSH_TIMEOUT = Duration.ofSeconds(10);
    /** What Helidon's own stop waits for handlers still running after an incomplete drain. */
    private static final Duration STRAGGLER_GRACE = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());

    private enum State {
        NEW,
        RUNNING,
        STOPPED
    }

    private final Gateway gateway;
    private final String host;
    private final Duration grace;
    private final Drain drain = new Drain();
    private final ServerMetrics metrics = new ServerMetrics(drain::inFlight);
    private final HelidonListener listener;
    private final EndpointLimits endpointLimits;
    private final boolean warmUp;
    private final java.util.Optional<WebUi> webUi;
    private State state = State.NEW;
    private volatile int port = -1;

    private GatewayServer(Builder b) {
        this.gateway = Objects.requireNonNull(b.gateway, "gateway: set the Gateway to serve");
        this.host = b.host;
        this.grace = b.grace;
        this.warmUp = b.warmUp;
        JsonBody bodies = new JsonBody(b.maxBodySize);
        ChatCompletionsRoute chat = new ChatCompletionsRoute(gateway, bodies);
        EmbeddingsRoute embeddings = new EmbeddingsRoute(gateway, bodies);
        ModelsRoute models = new ModelsRoute(gateway, Instant.now().getEpochSecond());
        RouteTable.Builder table = RouteTable.builder()
                .add(Route.api("POST", ChatCompletionsRoute.PATH, chat))
                .add(Route.api("POST", EmbeddingsRoute.PATH, embeddings))
                .add(Route.anthropic("POST", MessagesRoute.PATH, new MessagesRoute(gateway, bodies)))
                .add(Route.api("POST", ResponsesRoute.PATH, new ResponsesRoute(gateway, bodies)))
                .add(Route.api("GET", ModelsRoute.PATH, models))
                .add(Route.api("GET", ModelsRoute.ONE, models.one()))
                .add(Route.api("POST", FeedbackRoute.PATH, new FeedbackRoute(gateway, bodies)))
                .addAll(new MlflowEndpointsRoutes(gateway, bodies, chat, embeddings).routes())
                .addAll(new AdminRoutes(b.adminKey, b.keys, b.limiter, b.reloader, b.experiments, b.migrations, bodies)
                        .routes())
                .addAll(SystemRoutes.all(drain, metrics, metricsGuard(b)))
                .addAll(b.extraRoutes);
        this.webUi = webUi(b);
        webUi.ifPresent(ui -> table.addAll(new WebUiRoutes(ui).routes()));
        RouteTable routes = table.build();
        // an endpoint's own limit applies with or without keys; with keys, KeyAdmission checks it once authenticated
        this.endpointLimits = new EndpointLimits(gateway::routing, b.endpointLimiter);
        Admission admission =
                b.keys == null ? endpointLimits.admission(b.admission) : new KeyAdmission(b.keys, b.limiter, gateway);
        RequestRunner runner = new RequestRunner(
                metrics, drain, admission, new LargeBodies(b.largeBodiesInFlight, b.maxBodySize, b.largeBodiesWait));
        this.listener = new HelidonListener(
                host,
                b.port,
                STRAGGLER_GRACE,
                routes,
                runner,
                new ConnectionLimits(b.idleTimeout, b.headerTimeout, b.bodyTimeout, b.maxConnections));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The web UI found on the class path ({@link WebUis}), unless turned off: it reads the gateway's trace store
     * and the builder's store URL, and signs visitors in with the admin or UI key when keys are on.
     */
    private static java.util.Optional<WebUi> webUi(Builder b) {
        if (!b.webUi) {
            return java.util.Optional.empty();
        }
        return WebUis.load(
                new WebUiContext(b.gateway.tracing().store(), b.uiStore, b.adminKey, b.uiKey, b.keys != null));
    }

    /** Whether this server serves the web UI under {@code /ui} (the {@code mlflowlite-ui} module is present). */
    public boolean servesUi() {
        return webUi.isPresent();
    }

    /** Open without API keys or when asked; with keys, only the metrics key's or the admin key's bearers. */
    private static MetricsGuard metricsGuard(Builder b) {
        if (Boolean.TRUE.equals(b.publicMetrics)
                || (b.publicMetrics == null && b.keys == null && b.metricsKey == null)) {
            return MetricsGuard.OPEN;
        }
        return MetricsGuard.keys(b.metricsKey, b.adminKey);
    }

    /**
     * Binds the port and starts serving; returns once connections are accepted.
     *
     * @throws IllegalStateException when started before, or stopped
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public synchronized GatewayServer start() {
        if (state != State.NEW) {
            throw new IllegalStateException("A GatewayServer starts once; this one is " + state);
        }
        if (warmUp) {
            Warmup.run(); // before the port opens, so no client request pays the JVM's first-use costs
        }
        listener.start();
        port = listener.port();
        state = State.RUNNING;
        return this;
    }

    /** The port it listens on (the one the system chose when built with port 0), also after stop; -1 before start. */
    public int port() {
        return port;
    }

    /** The base URL, such as {@code http://127.0.0.1:4000}; OpenAI SDKs take this plus {@code /v1}. */
    public String url() {
        String shown = host;
        try {
            if (InetAddress.getByName(host).isAnyLocalAddress()) {
                shown = "127.0.0.1";
            }
        } catch (UnknownHostException e) {
            // a name that does not resolve here is still the name clients use
        }
        if (shown.contains(":") && !shown.startsWith("[")) {
            shown = "[" + shown + "]";
        }
        return "http://" + shown + ":" + port();
    }

    /**
     * Shuts down gracefully and returns when done: {@code /ready} answers 503 and new API requests are refused
     * with 503 from now on; requests and streams in flight get up to the shutdown grace period to finish; then
     * the listener and every connection close (handlers still running are interrupted, which cancels their
     * upstream calls), and queued traces are flushed. Idempotent; blocks for at most about the grace period plus
     * the trace flush.
     */
    public synchronized void stop() {
        if (state != State.RUNNING) {
            state = State.STOPPED;
            return;
        }
        state = State.STOPPED;
        drain.start();
        try {
            if (!drain.awaitIdle(grace)) {
                LOG.log(
                        Level.WARNING,
                        drain.inFlight() + " request(s) still running after the shutdown grace period of "
                                + grace.toMillis() + " ms; closing their connections");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.stop();
        try {
            // handlers the stop interrupted record their traces as they unwind: wait for them before flushing,
            // or the traces of the requests the grace cut would be lost
            if (!drain.awaitIdle(TRACE_FLUSH_TIMEOUT)) {
                LOG.log(
                        Level.WARNING,
                        drain.inFlight() + " request(s) did not end after their connections closed; "
                                + "their traces may be missing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endpointLimits.close();
        webUi.ifPresent(WebUi::close);
        gateway.tracing().flush(TRACE_FLUSH_TIMEOUT);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "GatewayServer[" + (state == State.RUNNING ? url() : state) + "]";
    }

    /** Configures a {@link GatewayServer}. Not thread-safe. */
    public static final class Builder {
        private Gateway gateway;
        private String host = "127.0.0.1";
        private int port = 4000;
        private long maxBodySize = DEFAULT_MAX_BODY_SIZE;
        private long largeBodiesInFlight = LargeBodies.defaultBudget();
        private Duration largeBodiesWait = LargeBodies.DEFAULT_WAIT;
        private Duration grace = DEFAULT_SHUTDOWN_GRACE;
        private Duration idleTimeout = ConnectionLimits.DEFAULT_IDLE_TIMEOUT;
        private Duration headerTimeout = ConnectionLimits.DEFAULT_HEADER_TIMEOUT;
        private Duration bodyTimeout = ConnectionLimits.DEFAULT_BODY_TIMEOUT;
        private int maxConnections = ConnectionLimits.defaultMaxConnections(ConnectionLimits.maxFileDescriptors());
        private Admission admission = Admission.OPEN;
        private final List<Route> extraRoutes = new ArrayList<>();
        private io.mlflowlite.limits.KeyService keys;
        private io.mlflowlite.limits.Limiter limiter;
        private io.mlflowlite.limits.Limiter endpointLimiter;
        private boolean warmUp = true;
        private String adminKey;
        private io.mlflowlite.routing.ExperimentAdmin experiments;
        private io.mlflowlite.routing.MigrationAdmin migrations;
        private String metricsKey;
        private Boolean publicMetrics;
        private java.util.function.Supplier<io.mlflowlite.routing.ReloadOutcome> reloader;
        private boolean webUi = true;
        private String uiStore = "jdbc:sqlite:mlflowlite.db";
        private String uiKey;

        private Builder() {}

        /**
         * Whether the web UI is served under {@code /ui} when the {@code mlflowlite-ui} module is on the class path;
         * default true.
         */
        public Builder webUi(boolean on) {
            this.webUi = on;
            return this;
        }

        /**
         * Where the web UI reads prompts, evaluation runs and experiments (traces come from the gateway's own store,
         * or from here when it has none); default {@code jdbc:sqlite:mlflowlite.db}.
         */
        public Builder uiStore(String url) {
            this.uiStore = Objects.requireNonNull(url, "uiStore");
            return this;
        }

        /**
         * A read-only key for the web UI: with it (or the admin key) a visitor signs in once; required to see the
         * UI when API keys are on and no admin key is set.
         */
        public Builder uiKey(String key) {
            if (key != null && key.length() < 16) {
                throw new IllegalArgumentException("the UI key must be at least 16 characters");
            }
            this.uiKey = key;
            return this;
        }

        /** The gateway whose pipeline serves every call (required). The server does not close it. */
        public Builder gateway(Gateway gateway) {
            this.gateway = gateway;
            return this;
        }

        /** The address to listen on; default {@code 127.0.0.1} (this machine only), {@code 0.0.0.0} for all. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port; default 4000, and 0 picks a free one ({@link GatewayServer#port()} tells which). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The largest request body accepted, in bytes; larger ones get 413. Default 10 MiB. */
        public Builder maxBodySize(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBodySize must be positive, was " + bytes);
            }
            this.maxBodySize = bytes;
            return this;
        }

        /**
         * The bytes of large request bodies (1 MiB and more, by {@code Content-Length}) handled at once, and how long
         * a request that would pass it waits for room before it is answered 503 {@code server_busy}. Default a
         * sixteenth of the JVM's maximum heap (at least 16 MiB) and 30 s: a request holds several times its body
         * while it is parsed, forwarded and traced.
         */
        public Builder largeBodiesInFlight(long bytes, Duration wait) {
            if (bytes < LargeBodies.LARGE) {
                throw new IllegalArgumentException("largeBodiesInFlight must be at least 1 MiB, was " + bytes);
            }
            this.largeBodiesInFlight = bytes;
            this.largeBodiesWait = positive(wait, "largeBodiesInFlight's wait");
            return this;
        }

        /** How long {@link GatewayServer#stop()} lets in-flight requests and streams finish; default 30 s. */
        public Builder shutdownGracePeriod(Duration grace) {
            if (grace == null || grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGracePeriod must be zero or more, was " + grace);
            }
            this.grace = grace;
            return this;
        }

        /**
         * How long a keep-alive connection may wait for its next request (or take to send a request line) before
         * it is closed; default 90 s, above the 60 s idle timeout of common load balancers so that they, not the
         * gateway, close their pooled connections first.
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** The most a client may take from its request line to the end of its headers; default 30 s. */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = positive(timeout, "headerTimeout");
            return this;
        }

        /** The most a client may take to send a whole request body; default 60 s. */
        public Builder bodyTimeout(Duration timeout) {
            this.bodyTimeout = positive(timeout, "bodyTimeout");
            return this;
        }

        /**
         * The most client connections open at once; further ones are not accepted (they wait in the operating
         * system's listen backlog) until one closes. Default: what the process's file descriptor limit leaves room
         * for, with an upstream connection per client one (at most 10,000), so the listener never runs out of
         * descriptors.
         */
        public Builder maxConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, was " + connections);
            }
            this.maxConnections = connections;
            return this;
        }

        private static Duration positive(Duration timeout, String what) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(what + " must be more than zero, was " + timeout);
            }
            return timeout;
        }

        /**
         * Requires a virtual API key on every API request ({@code Authorization: Bearer mlk-…} or
         * {@code x-api-key}), enforcing its allowed endpoints, rpm/tpm and budget with {@code limiter}. Without
         * this the server admits every request.
         */
        public Builder apiKeys(io.mlflowlite.limits.KeyService keyService, io.mlflowlite.limits.Limiter keyLimiter) {
            this.keys = Objects.requireNonNull(keyService, "keys");
            this.limiter = Objects.requireNonNull(keyLimiter, "limiter");
            return this;
        }

        /**
         * Where a server without API keys counts the calls of endpoints that have a {@code limit:} (replicas
         * sharing its counter share the limit); the server does not close it. Default: in memory, per server.
         * With {@link #apiKeys} the keys' limiter counts them.
         */
        public Builder endpointLimiter(io.mlflowlite.limits.Limiter endpointCounter) {
            this.endpointLimiter = Objects.requireNonNull(endpointCounter, "endpointLimiter");
            return this;
        }

        /**
         * Whether {@link GatewayServer#start()} first runs the request path once, off the record (no trace,
         * metric or limit sees it), so the first clients' timeouts and latencies are those of a warm server;
         * default true. It adds a fraction of a second to the first start in a JVM.
         */
        public Builder warmUp(boolean on) {
            this.warmUp = on;
            return this;
        }

        /** Turns on the admin API ({@code /admin/keys}, {@code /admin/reload}) behind this key. */
        public Builder adminKey(String key) {
            if (key != null && key.length() < 16) {
                throw new IllegalArgumentException("the admin key must be at least 16 characters");
            }
            this.adminKey = key;
            return this;
        }

        /**
         * The key a Prometheus scraper presents ({@code Authorization: Bearer …}) for {@code /metrics}. Once API
         * keys are required, {@code /metrics} answers only this key's or the admin key's bearers (its series name
         * the models, routes and errors clients meet), unless {@link #publicMetrics} opens it.
         */
        public Builder metricsKey(String key) {
            if (key != null && key.length() < 16) {
                throw new IllegalArgumentException("the metrics key must be at least 16 characters");
            }
            this.metricsKey = key;
            return this;
        }

        /**
         * Whether {@code /metrics} answers anyone: by default only without API keys (and without a metrics key);
         * true opens it whatever else is set, false protects it even without keys.
         */
        public Builder publicMetrics(boolean open) {
            this.publicMetrics = open;
            return this;
        }

        /** The experiments behind {@code experiment} routes, for {@code /admin/experiments} (needs the admin key). */
        public Builder experimentAdmin(io.mlflowlite.routing.ExperimentAdmin admin) {
            this.experiments = admin;
            return this;
        }

        /** The model migrations, for {@code /admin/migrations} and their reports (needs the admin key). */
        public Builder migrationAdmin(io.mlflowlite.routing.MigrationAdmin admin) {
            this.migrations = admin;
            return this;
        }

        /** What {@code POST /admin/reload} runs: usually the config file watcher's {@code reload}. */
        public Builder configReloader(java.util.function.Supplier<io.mlflowlite.routing.ReloadOutcome> reload) {
            this.reloader = reload;
            return this;
        }

        /** The request-admission hook (API keys, limits, budgets); default admits everything. */
        Builder admission(Admission hook) {
            this.admission = Objects.requireNonNull(hook, "admission");
            return this;
        }

        /** Adds a route (another ingress) after the built-in ones. */
        Builder route(Route route) {
            this.extraRoutes.add(route);
            return this;
        }

        public GatewayServer build() {
            return new GatewayServer(this);
        }
    }
}
