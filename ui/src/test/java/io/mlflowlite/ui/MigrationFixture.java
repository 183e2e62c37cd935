package io.mlflowlite.ui;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.ExperimentStores;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.migrate.Migration;
import io.mlflowlite.migrate.MigrationGate;
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
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.routing.ConfigWatcher;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.Tracing;
import io.mlflowlite.webui.WebUiContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real migration in a store of its own, browsed through {@code mlflowlite ui}'s server ({@link UiServer}) on a
 * real port: endpoint {@code chat} of a gateway configuration file, on {@code mock/pro} with a registry prompt
 * whose system message carries hostile text, migrated to {@code mock/next} by {@link MigrationService} on two task
 * families of the simulated world — evaluated, its prompt optimized, compared, gated, rolled out by the gateway's
 * own controller through stages 50 and 100 % while users keep calling {@code chat}, and promoted. The rollout's
 * experiment has two variants with traffic and its stage history.
 *
 * <p>Evaluation predictions trace on the process-wide tracing, so this makes its own tracing the process-wide one
 * while it runs: build it before {@link UiFixture}, which then makes its own the process-wide one.
 */
final class MigrationFixture implements AutoCloseable {
    static final String ENDPOINT = "chat";
    static final String PROMPT = "support-answer";

    final Tracing tracing;
    final MigrationStore migrations;
    final EvalRunStore runs;
    final PromptStore prompts;
    final ExperimentStore experiments;
    final Gateway gateway;
    final ConfigWatcher watcher;
    final MigrationService service;
    final Migration migration;
    final UiServer ui;

    MigrationFixture(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String storeUrl = "jdbc:sqlite:" + dir.resolve("migration.db");
        Path config = dir.resolve("gateway.yaml");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOWLITE_STORE", storeUrl); // where the gateway's experiment strategy keeps the rollout
        tracing = Tracing.builder()
                .store(TraceStores.open(storeUrl))
                .spillDir(dir.resolve("spill"))
                .build();
        Tracing.setGlobal(tracing);
        migrations = MigrationStores.open(storeUrl);
        runs = EvalRunStores.open(storeUrl);
        prompts = PromptStores.open(storeUrl);
        experiments = ExperimentStores.open(storeUrl);
        PromptRegistry registry = new PromptRegistry(prompts);
        int version = registry.register(PromptDraft.builder(
                                PROMPT,
                                PromptTemplate.chat(
                                        PromptMessage.system("You are the support assistant of an online shop. "
                                                + UiFixture.XSS_SCRIPT + UiFixture.XSS_IMG + " Answer the customer."),
                                        PromptMessage.user("{{question}}")))
                        .commitMessage("the prompt the app ships today")
                        .build())
                .version();
        registry.setAlias(PROMPT, "production", version);
        Files.writeString(config, """
                endpoints:
                  - name: chat
                    endpoint_type: llm/v1/chat
                    model: {provider: mock, name: pro}
                    prompt: prompts:/support-answer@production
                """);
        TraceStore traces = tracing.store().orElseThrow();
        gateway = Gateway.builder()
                .env(env)
                .mockModels(MockModels.bundled().withLatencyScale(0.02))
                .tracing(tracing)
                .routingFile(config)
                .promptRegistry(registry)
                .promptCacheTtl(Duration.ofSeconds(1))
                .build();
        watcher = ConfigWatcher.builder(config, gateway::reconfigure)
                .loader(gateway.routingLoader())
                .debounce(Duration.ofMillis(100))
                .start();

        AtomicBoolean flowing = new AtomicBoolean(true);
        List<Thread> users = new ArrayList<>();
        service = MigrationService.builder()
                .store(migrations)
                .gateway(gateway)
                .traces(traces)
                .runs(runs)
                .prompts(registry)
                .experiments(experiments)
                .env(env)
                .progress(line -> {
                    if (line.startsWith("[5/6]") && users.isEmpty()) {
                        for (int u = 0; u < 2; u++) {
                            users.add(Thread.ofVirtual().start(traffic(u, flowing)));
                        }
                    }
                })
                .rolloutWait(Duration.ofMinutes(2))
                .pollEvery(Duration.ofMillis(200))
                .build();
        try {
            migration = service.start(new MigrationSpec(
                    ENDPOINT,
                    "mock/next",
                    config,
                    "simulated:classification,arithmetic",
                    null,
                    null,
                    24,
                    100,
                    List.of("task"),
                    List.of(),
                    MigrationGate.fromJson(Json.read("""
                            {"quality": {"max_drop": 0.2}, "cost_increase": 0.25,
                             "rollout": {"stages": [50, 100], "min_samples": 10, "min_duration": "1s",
                                         "check_every": "1s", "gates": {"error_rate": 0.05, "latency_p95_ms": 5000}}}
                            """)),
                    7,
                    true,
                    60,
                    "mock/reflect"));
        } finally {
            flowing.set(false);
            for (Thread t : users) {
                t.join(Duration.ofSeconds(30));
            }
        }
        tracing.flush(Duration.ofSeconds(30));
        if (migration.status() != Migration.Status.PROMOTED) {
            throw new IllegalStateException("The fixture's migration ended "
                    + migration.status().label() + ": " + migrations.events(migration.id()));
        }
        ui = UiServer.start("127.0.0.1", 0, new WebUiContext(Optional.empty(), storeUrl, null, null, false));
    }

    /** A user of the application asking the dataset's questions of {@code chat}, one every 25 ms, until stopped. */
    private Runnable traffic(int user, AtomicBoolean flowing) {
        List<EvalRow> questions = SimulatedDatasets.load("classification").rows();
        return () -> {
            for (int i = user; flowing.get(); i += 2) {
                try {
                    gateway.completion(ChatRequest.builder()
                            .model(ENDPOINT)
                            .user("user-" + i % 40)
                            .promptVariables(questions.get(i % questions.size()).inputs())
                            .build());
                } catch (RuntimeException e) {
                    // a failed call is in the traces, where the rollout's error gate counts it
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
        };
    }

    /** The UI's address without the trailing slash: {@code http://127.0.0.1:PORT/ui}. */
    String ui() {
        return ui.url().substring(0, ui.url().length() - 1);
    }

    @Override
    public void close() {
        ui.close();
        watcher.close();
        gateway.close();
        experiments.close();
        prompts.close();
        runs.close();
        migrations.close();
        tracing.close();
    }
}
