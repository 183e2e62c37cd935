package io.mlflowlite.cli;

import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.experiments.ExperimentRuntime;
import io.mlflowlite.experiments.ExperimentService;
import io.mlflowlite.experiments.ExperimentStores;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.ModelInfo;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.LimitStores;
import io.mlflowlite.limits.Limiter;
import io.mlflowlite.routing.ConfigWatcher;
import io.mlflowlite.routing.OnlineScoringRule;
import io.mlflowlite.server.GatewayServer;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.Tracing;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlflowlite serve}: the gateway as an OpenAI-compatible HTTP server, until Ctrl-C (or SIGTERM), which
 * drains it gracefully: requests and streams in flight finish, traces are flushed.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the OpenAI API (chat completions, embeddings, models) for every configured provider.")
final class ServeCommand implements Callable<Integer> {
    /** Helidon's logger, held strongly: quiet while the listener starts (see {@link #call}). */
    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(ServeCommand.class.getName());

    private static final java.util.logging.Logger HELIDON_LOG = java.util.logging.Logger.getLogger("io.helidon");

    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-p", "--port"},
            defaultValue = "4000",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all).")
    private String host;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Gateway configuration (endpoints, routes, traffic splits). Without it: simulated mock/* "
                    + "models and every provider whose API key is in the environment.")
    private Path config;

    @Option(
            names = "--keys",
            description = "Require a virtual API key (mlflowlite keys create) on every request, "
                    + "enforcing its endpoints, rpm/tpm and budget.")
    private boolean requireKeys;

    @Option(
            names = "--keys-store",
            paramLabel = "URL",
            description = "Where keys are kept (default: " + "$MLFLOWLITE_STORE, else ${DEFAULT-VALUE}).",
            defaultValue = "${env:MLFLOWLITE_STORE:-jdbc:sqlite:mlflowlite.db}")
    private String keysStore;

    @Option(
            names = "--limits-store",
            paramLabel = "URL",
            description = "Where rate-limit and budget counters are "
                    + "kept: redis://host:6379 or a JDBC URL, shared by every replica (default: $MLFLOWLITE_LIMITS_STORE, "
                    + "else the keys store; without --keys, endpoints' own limits are counted in memory).",
            defaultValue = "${env:MLFLOWLITE_LIMITS_STORE}")
    private String limitsStore;

    @Option(
            names = "--shutdown-grace",
            defaultValue = "30",
            paramLabel = "SECONDS",
            description = "How long Ctrl-C lets requests in flight finish (default: ${DEFAULT-VALUE}).")
    private long graceSeconds;

    @Option(
            names = "--log-level",
            defaultValue = "info",
            paramLabel = "LEVEL",
            description = "error, warn, info " + "(default: one access log line per request), debug, trace or off.")
    private CliLogging.LogLevel logLevel;

    @Option(
            names = "--log-format",
            defaultValue = "text",
            paramLabel = "FORMAT",
            description = "text (default) or json: one JSON object per log line, the access log's fields included.")
    private CliLogging.Format logFormat;

    @Option(
            names = "--idle-timeout",
            defaultValue = "90",
            paramLabel = "SECONDS",
            description = "Close a keep-alive connection with no request for this long (default: ${DEFAULT-VALUE}).")
    private double idleSeconds;

    @Option(
            names = "--header-timeout",
            defaultValue = "30",
            paramLabel = "SECONDS",
            description = "Close a connection whose request headers take longer than this (default: ${DEFAULT-VALUE}).")
    private double headerSeconds;

    @Option(
            names = "--body-timeout",
            defaultValue = "60",
            paramLabel = "SECONDS",
            description = "Close a connection whose request body takes longer than this (default: ${DEFAULT-VALUE}).")
    private double bodySeconds;

    @Option(
            names = "--public-metrics",
            description = "Let anyone read /metrics even when --keys is on (by default "
                    + "it then needs 'Authorization: Bearer' with $MLFLOWLITE_METRICS_KEY or $MLFLOWLITE_ADMIN_KEY).")
    private boolean publicMetrics;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            description = "Client connections open at once; more wait unaccepted (default: what the file "
                    + "descriptor limit leaves room for, at most 10000).")
    private Integer maxConnections;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        // checked before anything opens, so a bad value leaves nothing to close
        Duration idle = seconds(idleSeconds, "--idle-timeout");
        Duration headers = seconds(headerSeconds, "--header-timeout");
        Duration body = seconds(bodySeconds, "--body-timeout");
        if (maxConnections != null && maxConnections < 1) {
            throw new ConfigurationException("--max-connections must be at least 1, was " + maxConnections);
        }
        CliLogging.configure(logLevel, logFormat, true);
        Gateway.Builder configured = GatewayConfig.builder(config);
        // our own tracing, closed after the drain: the global one's shutdown hook would race the drain
        Tracing tracing = Tracing.fromEnv(System.getenv());
        Tracing.setGlobal(tracing);
        Gateway gateway = configured.tracing(tracing).build();
        ServeScoring scoring;
        try {
            scoring = ServeScoring.start(gateway);
        } catch (ConfigurationException e) {
            gateway.close();
            tracing.close();
            throw e;
        }
        ConfigWatcher watcher = config == null ? null : watch(config, gateway, scoring);
        GatewayServer.Builder builder = GatewayServer.builder()
                .gateway(gateway)
                .host(host)
                .port(port)
                .shutdownGracePeriod(Duration.ofSeconds(graceSeconds))
                .idleTimeout(idle)
                .headerTimeout(headers)
                .bodyTimeout(body)
                .adminKey(System.getenv("MLFLOWLITE_ADMIN_KEY"))
                .metricsKey(System.getenv("MLFLOWLITE_METRICS_KEY"));
        if (publicMetrics) {
            builder.publicMetrics(true);
        }
        // /admin/experiments: the experiments every replica shares, reported from this gateway's traces
        String experimentsUrl = ExperimentStores.urlFromEnv(System.getenv());
        // /ui: the web UI over this gateway's traces and the store's prompts, evaluation runs and experiments
        builder.uiStore(experimentsUrl).uiKey(System.getenv("MLFLOWLITE_UI_KEY"));
        builder.experimentAdmin(new ExperimentService(
                ExperimentRuntime.shared(experimentsUrl).store(),
                tracing.store().orElseGet(() -> TraceStores.open(experimentsUrl)),
                java.time.Clock.systemUTC()));
        // /admin/migrations: the migrations recorded in the same store, with their reports
        builder.migrationAdmin(new io.mlflowlite.migrate.MigrationAdminService(
                io.mlflowlite.migrate.MigrationStores.open(experimentsUrl),
                io.mlflowlite.eval.EvalRunStores.open(experimentsUrl)));
        if (watcher != null) {
            builder.configReloader(watcher::reload);
        }
        if (maxConnections != null) {
            builder.maxConnections(maxConnections);
        }
        KeyService keys = null;
        Limiter limiter = null;
        if (requireKeys) {
            keys = KeyService.of(LimitStores.openKeys(keysStore));
            limiter = Limiter.of(
                    LimitStores.openCounter(limitsStore == null || limitsStore.isBlank() ? keysStore : limitsStore));
            builder.apiKeys(keys, limiter);
        } else if (limitsStore != null && !limitsStore.isBlank()) {
            // no keys, but replicas share the endpoints' own limits through the limits store
            limiter = Limiter.of(LimitStores.openCounter(limitsStore));
            builder.endpointLimiter(limiter);
        }
        GatewayServer server;
        java.util.logging.Level helidonLevel = HELIDON_LOG.getLevel();
        if (!CliLogging.verbose(logLevel)) {
            // a port in use is reported below in one line; Helidon would log it again with a stack trace
            HELIDON_LOG.setLevel(java.util.logging.Level.OFF);
        }
        try {
            server = builder.build().start();
        } catch (UncheckedIOException | IllegalStateException e) {
            if (watcher != null) {
                watcher.close();
            }
            if (limiter != null) {
                limiter.close();
            }
            if (keys != null) {
                keys.store().close();
            }
            if (scoring != null) {
                scoring.close();
            }
            gateway.close();
            tracing.close();
            throw new ConfigurationException(
                    "Cannot listen on " + host + ":" + port + ": "
                            + (e.getCause() instanceof java.net.BindException
                                    ? "the port is in use (choose another with --port, or stop what holds it)"
                                    : e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
                    e);
        } finally {
            HELIDON_LOG.setLevel(helidonLevel);
        }
        KeyService openedKeys = keys;
        Limiter openedLimiter = limiter;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (watcher != null) {
                                watcher.close();
                            }
                            out.printf(
                                    "%nmlflowlite: shutting down; requests in flight get up to %d s to finish...%n",
                                    graceSeconds);
                            out.flush();
                            server.stop();
                            if (openedLimiter != null) {
                                openedLimiter.close();
                            }
                            if (openedKeys != null) {
                                openedKeys.store().close();
                            }
                            if (scoring != null) {
                                scoring.close(); // scores what it queued while the gateway still takes judge calls
                            }
                            gateway.close();
                            tracing.close();
                            out.println("mlflowlite: stopped.");
                            out.flush();
                            stopped.countDown();
                        },
                        "mlflowlite-serve-shutdown"));
        banner(out, server.url(), gateway.models(), server.servesUi());
        if (requireKeys) {
            out.println(
                    "API keys required (create one: mlflowlite keys create --name team-a --store " + keysStore + ")");
            out.flush();
        }
        stopped.await();
        return 0;
    }

    /**
     * Hot reload: every saved edit is validated and swapped in atomically; a broken one keeps the old config. The
     * watcher logs each outcome (INFO applied, WARN rejected) once, in the log format chosen. The file's
     * online_scoring: rules are re-applied after the routes; rules with unknown scorers keep the old rules (WARN).
     */
    private static ConfigWatcher watch(Path config, Gateway gateway, ServeScoring scoring) {
        return ConfigWatcher.builder(config, routing -> {
                    gateway.reconfigure(routing);
                    applyScoring(scoring, routing.onlineScoring());
                })
                .loader(gateway.routingLoader())
                .start();
    }

    private static void applyScoring(ServeScoring scoring, List<OnlineScoringRule> rules) {
        if (scoring == null) {
            if (!rules.isEmpty()) {
                LOG.warning("online_scoring: ignored: tracing has no store to attach scores to (set MLFLOWLITE_STORE "
                        + "and restart)");
            }
            return;
        }
        try {
            scoring.apply(rules);
        } catch (ConfigurationException e) {
            LOG.warning(e.getMessage() + "\n(the online scoring in force stays)");
        }
    }

    private static void banner(PrintWriter out, String url, List<ModelInfo> models, boolean ui) {
        List<String> ready = models.stream()
                .filter(ModelInfo::available)
                .map(ModelInfo::name)
                .filter(name -> !name.contains("<"))
                .toList();
        out.printf("mlflowlite gateway listening on %s%n", url);
        out.printf(
                "  OpenAI API  %s/v1  (POST /chat/completions, POST /responses, POST /embeddings, GET /models)%n", url);
        out.printf("  Anthropic   %s/v1/messages  (Anthropic SDKs: base URL %s)%n", url, url);
        out.printf("  MLflow      %s/endpoints/{name}/invocations  %s/api/2.0/endpoints/%n", url, url);
        out.printf("  probes      %s/health  %s/ready  %s/metrics%n", url, url, url);
        if (ui) {
            out.printf("  web UI      %s/ui/  (traces, evaluations, prompts, experiments)%n", url);
        }
        out.printf(
                "  models      %d ready, e.g. %s  (mlflowlite models lists them all)%n",
                ready.size(), String.join(", ", ready.subList(0, Math.min(4, ready.size()))));
        out.println();
        out.println("Try it:");
        out.printf("  curl %s/v1/chat/completions -H 'Content-Type: application/json' \\%n", url);
        out.println("    -d '{\"model\": \"mock/mini\", \"messages\": [{\"role\": \"user\", "
                + "\"content\": \"What is the capital of France?\"}]}'");
        out.printf("  Python  OpenAI(base_url=\"%s/v1\", api_key=\"unused\")%n", url);
        out.printf("  Java    OpenAIOkHttpClient.builder().baseUrl(\"%s/v1\").apiKey(\"unused\").build()%n", url);
        out.println();
        out.println("Ctrl-C stops it gracefully.");
        out.flush();
    }

    private static Duration seconds(double value, String option) {
        if (!(value > 0) || value > 86_400) {
            throw new ConfigurationException(option + " must be more than 0 and at most 86400 seconds, was " + value);
        }
        return Duration.ofNanos((long) (value * 1e9));
    }
}
