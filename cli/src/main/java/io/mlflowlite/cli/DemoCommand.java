package io.mlflowlite.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.experiments.ExperimentRuntime;
import io.mlflowlite.experiments.ExperimentService;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.migrate.Migration;
import io.mlflowlite.migrate.MigrationAdminService;
import io.mlflowlite.migrate.MigrationGate;
import io.mlflowlite.migrate.MigrationReport;
import io.mlflowlite.migrate.MigrationService;
import io.mlflowlite.migrate.MigrationSpec;
import io.mlflowlite.migrate.MigrationStore;
import io.mlflowlite.migrate.MigrationStores;
import io.mlflowlite.prompt.PromptDraft;
import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.routing.ConfigWatcher;
import io.mlflowlite.server.GatewayServer;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.Tracing;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlflowlite demo}: the migration workflow end to end on this machine. A gateway is started in this
 * process on a real port, serving endpoint {@code chat} (today's model, a prompt from the registry) from a
 * configuration file in the working directory; the labelled questions of the simulated world are sent to it over
 * HTTP as an application would; then a migration to the candidate captures the baseline from those calls' traces,
 * evaluates both models, optimizes the candidate's prompt, compares, gates, rolls the candidate out through the
 * gateway (with traffic still flowing) and promotes it. Everything is kept in the SQLite store of the working
 * directory, so the usual commands show it afterwards.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the model migration workflow end to end: a gateway on a real port, traffic through it, "
                + "baseline from its traces, evaluation, prompt optimization, comparison and gate, staged rollout "
                + "and promotion. Offline on simulated models (about two minutes); --real on real models.")
final class DemoCommand implements Callable<Integer> {
    private static final String PROMPT = "support-answer";
    private static final String ENDPOINT = "chat";

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--real",
            description = "Run on real models: OpenAI (gpt-4o -> gpt-4o-mini) with OPENAI_API_KEY, else Anthropic "
                    + "(claude-sonnet-4-5 -> claude-haiku-4-5) with ANTHROPIC_API_KEY. Costs a few cents.")
    private boolean real;

    @Option(
            names = "--rows",
            defaultValue = "20",
            paramLabel = "N",
            description = "Questions per task family sent as traffic (default: ${DEFAULT-VALUE}; six families).")
    private int rowsPerFamily;

    @Option(
            names = "--latency-scale",
            defaultValue = "0.05",
            paramLabel = "X",
            description = "Multiply the simulated models' latencies by this (default: ${DEFAULT-VALUE}, so the demo "
                    + "finishes in minutes; 1 is their documented speed).")
    private double latencyScale;

    @Option(
            names = {"-p", "--port"},
            defaultValue = "0",
            description = "Port of the demo gateway; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--store",
            description = "Store URL (default: $MLFLOWLITE_STORE, else ${DEFAULT-VALUE} in the working directory).",
            defaultValue = "${env:MLFLOWLITE_STORE:-" + TraceStores.DEFAULT_URL + "}")
    private String storeUrl;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every draw (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (rowsPerFamily < 2 || rowsPerFamily > 50) {
            throw new IllegalArgumentException("--rows must be between 2 and 50, was " + rowsPerFamily);
        }
        if (!(latencyScale >= 0)) {
            throw new IllegalArgumentException("--latency-scale must be 0 or more, was " + latencyScale);
        }
        String[] models = models();
        String today = models[0];
        String candidate = models[1];
        long started = System.nanoTime();
        Path config = Path.of("demo-gateway.yaml").toAbsolutePath();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOWLITE_STORE", storeUrl);
        say(
                out,
                "mlflowlite demo: migrate endpoint '" + ENDPOINT + "' from " + today + " to " + candidate
                        + (real ? " (real models)" : " (simulated models, latency x" + latencyScale + ")"));
        say(out, "store " + storeUrl + ", gateway configuration " + config.getFileName());

        Tracing tracing = Tracing.fromEnv(env);
        Tracing.setGlobal(tracing);
        try (PromptStore promptStore = PromptStores.open(storeUrl);
                MigrationStore migrations = MigrationStores.open(storeUrl);
                EvalRunStore runs = EvalRunStores.open(storeUrl)) {
            PromptRegistry registry = new PromptRegistry(promptStore);
            PromptVersion prompt = registry.register(PromptDraft.builder(
                            PROMPT,
                            PromptTemplate.chat(
                                    PromptMessage.system(
                                            "You are the support assistant of an online shop. Answer the customer."),
                                    PromptMessage.user("{{question}}")))
                    .commitMessage("the prompt the app ships today")
                    .build());
            registry.setAlias(PROMPT, "production", prompt.version());
            Files.writeString(config, gatewayYaml(today));
            say(
                    out,
                    "[setup] prompt " + prompt.uri() + " is " + PROMPT + "@production; endpoint '" + ENDPOINT
                            + "' serves " + today + " with it");

            MockModels mocks = MockModels.bundled().withLatencyScale(latencyScale);
            TraceStore traces = tracing.store().orElseGet(() -> TraceStores.open(storeUrl));
            try (Gateway gateway = Gateway.builder()
                            .env(env)
                            .mockModels(mocks)
                            .tracing(tracing)
                            .routingFile(config)
                            .promptRegistry(registry)
                            .promptCacheTtl(Duration.ofSeconds(1))
                            .build();
                    ConfigWatcher watcher = ConfigWatcher.builder(config, gateway::reconfigure)
                            .loader(gateway.routingLoader())
                            .debounce(Duration.ofMillis(100))
                            .start()) {
                String adminKey = "demo-" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(8));
                GatewayServer server = GatewayServer.builder()
                        .gateway(gateway)
                        .port(port)
                        .adminKey(adminKey)
                        .experimentAdmin(new ExperimentService(
                                ExperimentRuntime.shared(storeUrl).store(), traces, Clock.systemUTC()))
                        .migrationAdmin(new MigrationAdminService(migrations, runs))
                        .configReloader(watcher::reload)
                        .build()
                        .start();
                try {
                    return run(
                            out,
                            server,
                            gateway,
                            registry,
                            migrations,
                            runs,
                            traces,
                            tracing,
                            config,
                            env,
                            today,
                            candidate,
                            adminKey,
                            started);
                } finally {
                    server.stop();
                }
            }
        } finally {
            tracing.flush(Duration.ofSeconds(30));
        }
    }

    private int run(
            PrintWriter out,
            GatewayServer server,
            Gateway gateway,
            PromptRegistry registry,
            MigrationStore migrations,
            EvalRunStore runs,
            TraceStore traces,
            Tracing tracing,
            Path config,
            Map<String, String> env,
            String today,
            String candidate,
            String adminKey,
            long started)
            throws Exception {
        String url = server.url();
        say(out, "[gateway] listening on " + url + " (OpenAI API at " + url + "/v1)");
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        // the application's traffic: every family's questions, some asked twice
        List<EvalRow> questions = new ArrayList<>();
        for (String family : SimulatedDatasets.FAMILIES) {
            questions.addAll(SimulatedDatasets.load(family).rows().subList(0, rowsPerFamily));
        }
        List<String> sends = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            sends.add(String.valueOf(questions.get(i).inputs().get("question")));
            if (i % 5 == 0) {
                sends.add(String.valueOf(questions.get(i).inputs().get("question"))); // a user asking again
            }
        }
        say(
                out,
                "[traffic] sending " + sends.size() + " calls of " + questions.size()
                        + " labelled questions (six task families) to '" + ENDPOINT + "' over HTTP");
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < sends.size(); i++) {
                String q = sends.get(i);
                String user = "user-" + (i % 40);
                futures.add(pool.submit(() -> {
                    if (call(http, url, q, user) != 200) {
                        failed.incrementAndGet();
                    }
                    int n = done.incrementAndGet();
                    if (n % Math.max(1, sends.size() / 4) == 0 || n == sends.size()) {
                        say(out, String.format(Locale.ROOT, "          %d/%d calls answered", n, sends.size()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        if (failed.get() > 0) {
            say(out, "          " + failed.get() + " calls failed");
        }
        tracing.flush(Duration.ofSeconds(30));

        ObjectNode plan = Json.object();
        plan.putArray("stages").add(10).add(50).add(100);
        plan.put("min_samples", 20);
        plan.put("min_duration", "3s");
        plan.put("check_every", "1s");
        plan.putObject("gates").put("latency_p95_increase", 0.5).put("error_rate", 0.05);
        ObjectNode gateJson = Json.object();
        ObjectNode quality = gateJson.putObject("quality");
        quality.put("max_drop", 0.05);
        quality.putObject("scorers").put("label_match", 0.15);
        gateJson.put("latency_p95_increase", 0.0);
        gateJson.put("cost_increase", 0.25);
        gateJson.set("rollout", plan);
        MigrationGate gate = MigrationGate.fromJson(gateJson);
        say(
                out,
                String.format(
                        Locale.ROOT,
                        "[migrate] gate: no scorer worse by more than %.0f points with 95 %% confidence (classification "
                                + "labels: %.0f points, a trade the team accepts for a faster model), p95 latency no "
                                + "higher than today's, cost at most %.0f %% higher; rollout stages %s gated on "
                                + "latency and errors",
                        100 * gate.maxDrop(),
                        100 * gate.scorerDrops().get("label_match"),
                        100 * gate.costIncrease(),
                        plan.path("stages")));
        MigrationSpec request = new MigrationSpec(
                ENDPOINT,
                candidate,
                config,
                null,
                "simulated:" + String.join(",", SimulatedDatasets.FAMILIES),
                Duration.ofHours(1),
                questions.size(),
                5000,
                List.of("task"),
                List.of(),
                gate,
                seed,
                true,
                300,
                real ? today : "mock/reflect");
        try (io.mlflowlite.experiments.ExperimentStore experiments =
                io.mlflowlite.experiments.ExperimentStores.open(storeUrl)) {
            AtomicBoolean flowing = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            Runnable startTraffic = () -> {
                for (int c = 0; c < 4; c++) {
                    int client = c;
                    clients.add(Thread.ofVirtual().start(() -> {
                        int i = client;
                        while (flowing.get()) {
                            String q = String.valueOf(
                                    questions.get(i % questions.size()).inputs().get("question"));
                            try {
                                if (call(http, url, q, "rollout-user-" + i) != 200) {
                                    errors.incrementAndGet();
                                }
                            } catch (IOException e) {
                                errors.incrementAndGet();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                            sent.incrementAndGet();
                            i += 4;
                        }
                    }));
                }
                say(out, "[traffic] users keep calling '" + ENDPOINT + "' while the gateway moves the rollout");
            };
            MigrationService service = MigrationService.builder()
                    .store(migrations)
                    .gateway(gateway)
                    .traces(traces)
                    .runs(runs)
                    .prompts(registry)
                    .experiments(experiments)
                    .scorers(name -> List.of(ScorerSpecs.parse(name)))
                    .env(env)
                    .progress(line -> {
                        say(out, line);
                        if (line.startsWith("[5/6]") && clients.isEmpty()) {
                            startTraffic.run();
                        }
                    })
                    .rolloutWait(Duration.ofMinutes(real ? 10 : 3))
                    .pollEvery(Duration.ofMillis(500))
                    .build();
            Migration m;
            try {
                m = service.start(request);
            } finally {
                flowing.set(false);
                for (Thread t : clients) {
                    t.join(Duration.ofSeconds(30));
                }
            }
            if (!clients.isEmpty()) {
                say(out, "          " + sent.get() + " calls during the rollout, " + errors.get() + " failed");
            }
            if (m.status() == Migration.Status.PROMOTED) {
                Thread.sleep(1500); // the watcher's reload and the alias cache (1 s here)
                JsonNode answer = Json.parse(
                        post(
                                        http,
                                        url,
                                        String.valueOf(questions
                                                .get(questions.size() - 1)
                                                .inputs()
                                                .get("question")),
                                        "after-promotion")
                                .body(),
                        "the gateway's answer");
                say(
                        out,
                        "[check] endpoint '" + ENDPOINT + "' now answers with model '"
                                + answer.path("model").asText() + "'; prompt " + PROMPT + "@production is version "
                                + registry.aliases(PROMPT).get("production"));
            }
            MigrationReport report = service.report(m.id());
            Path html = Path.of("migration-" + m.id() + ".html");
            Path md = Path.of("migration-" + m.id() + ".md");
            Files.writeString(html, report.html());
            Files.writeString(md, report.markdown());
            tracing.flush(Duration.ofSeconds(30));
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            out.println();
            say(out, "migration " + m.id() + ": " + m.status().label() + " in " + seconds + " s");
            say(
                    out,
                    "report      " + html.toAbsolutePath().getFileName() + " (open it in a browser; Markdown: "
                            + md.getFileName() + ")");
            say(out, "look at it  ./mlflowlite migrate status " + m.id());
            if (m.get("rollout_started").asBoolean()) {
                say(out, "            ./mlflowlite experiments show " + m.id() + "      (the rollout's transitions)");
            }
            say(out, "            ./mlflowlite traces list                 (every call, the demo's included)");
            say(
                    out,
                    "            ./mlflowlite eval compare "
                            + m.get("baseline_run").asText("") + " "
                            + m.get("candidate_run").asText(""));
            say(
                    out,
                    "            ./mlflowlite ui --store " + storeUrl + "   then http://127.0.0.1:"
                            + UiCommand.DEFAULT_PORT + "/ui/migrations/" + m.id());
            if (m.status() == Migration.Status.PROMOTED) {
                say(out, "undo it     ./mlflowlite migrate rollback " + m.id());
            }
            return ExitCodes.OK;
        }
    }

    /** Today's model and the candidate. */
    private String[] models() {
        if (!real) {
            return new String[] {"mock/pro", "mock/next"};
        }
        if (present("OPENAI_API_KEY")) {
            return new String[] {"openai/gpt-4o", "openai/gpt-4o-mini"};
        }
        if (present("ANTHROPIC_API_KEY")) {
            return new String[] {"anthropic/claude-sonnet-4-5", "anthropic/claude-haiku-4-5"};
        }
        throw new IllegalArgumentException(
                "--real needs a provider key: set OPENAI_API_KEY or ANTHROPIC_API_KEY (or run the demo without --real)");
    }

    private static boolean present(String name) {
        String v = System.getenv(name);
        return v != null && !v.isBlank();
    }

    private static String gatewayYaml(String model) {
        int slash = model.indexOf('/');
        return "# written by mlflowlite demo: the application calls endpoint 'chat'\n"
                + "endpoints:\n"
                + "  - name: " + ENDPOINT + "\n"
                + "    endpoint_type: llm/v1/chat\n"
                + "    model: {provider: " + model.substring(0, slash) + ", name: " + model.substring(slash + 1) + "}\n"
                + "    prompt: prompts:/" + PROMPT + "@production\n";
    }

    private static int call(HttpClient http, String url, String question, String user)
            throws IOException, InterruptedException {
        return post(http, url, question, user).statusCode();
    }

    private static HttpResponse<String> post(HttpClient http, String url, String question, String user)
            throws IOException, InterruptedException {
        ObjectNode body = Json.object();
        body.put("model", ENDPOINT);
        body.put("user", user);
        body.putObject("prompt_variables").put("question", question);
        return http.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                        .header("content-type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
