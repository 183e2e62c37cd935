package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.experiments.ExperimentControl;
import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.ExperimentStores;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.migrate.Migration;
import io.mlflowlite.migrate.MigrationAdminService;
import io.mlflowlite.migrate.MigrationStore;
import io.mlflowlite.migrate.MigrationStores;
import io.mlflowlite.prompt.PromptDraft;
import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.provider.mock.MockModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration killed at every step (its JVM halted where a step's work is done but not yet recorded) and resumed
 * each time reaches the same result as one that never crashed: the same dataset, scores, gate decision, optimized
 * prompt, configuration file and prompt alias; and its report holds the comparison and the rollout.
 */
class MigrationCrashTest {
    private static final List<String> POINTS = List.of(
            "capture",
            "evaluate",
            "optimize",
            "compare",
            "rollout-config-written",
            "rollout",
            "promote-alias-moved",
            "promote");

    @TempDir
    Path work;

    @Test
    void killedAtEveryStepResumesToTheSameResult() throws Exception {
        // two migrations in folders of their own, independent: run side by side
        Outcome crashed;
        Outcome reference;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Outcome> once = pool.submit(() -> migrate(work.resolve("once"), List.of()));
            crashed = migrate(work.resolve("crashed"), POINTS);
            reference = once.get();
        }

        assertThat(reference.migration.status()).isEqualTo(Migration.Status.PROMOTED);
        assertThat(crashed.migration.status()).isEqualTo(Migration.Status.PROMOTED);
        assertThat(crashed.halts).isEqualTo(POINTS.size());
        assertThat(crashed.migration.get("dataset")).isEqualTo(reference.migration.get("dataset"));
        assertThat(crashed.evaluate).isEqualTo(reference.evaluate);
        assertThat(crashed.gate).isEqualTo(reference.gate);
        assertThat(crashed.config).isEqualTo(reference.config);
        assertThat(crashed.alias).isEqualTo(reference.alias);
        assertThat(crashed.template).isEqualTo(reference.template);
        assertThat(crashed.config).contains("name: next");
        // every step recorded once, whatever crashed
        for (String step : List.of("capture", "evaluate", "optimize", "compare", "promote")) {
            assertThat(crashed.steps.stream().filter(step::equals)).as(step).hasSize(1);
        }
        assertThat(crashed.report).contains("id=\"comparison\"", "id=\"rollout\"", "label_match", "promote");
    }

    private record Outcome(
            Migration migration,
            int halts,
            JsonNode evaluate,
            JsonNode gate,
            String config,
            int alias,
            String template,
            List<String> steps,
            String report) {}

    private Outcome migrate(Path dir, List<String> crashes) throws Exception {
        Files.createDirectories(dir);
        String url = "jdbc:sqlite:" + dir.resolve("store.db");
        Path config = dir.resolve("gateway.yaml");
        try (PromptStore prompts = PromptStores.open(url)) {
            PromptRegistry registry = new PromptRegistry(prompts);
            int v = registry.register(PromptDraft.builder(
                                    "answer",
                                    PromptTemplate.chat(
                                            PromptMessage.system("You are the support assistant."),
                                            PromptMessage.user("{{question}}")))
                            .build())
                    .version();
            registry.setAlias("answer", "production", v);
        }
        Files.writeString(config, """
                endpoints:
                  - name: chat
                    endpoint_type: llm/v1/chat
                    model: {provider: mock, name: pro}
                    prompt: prompts:/answer@production
                """);
        int halts = 0;
        String id = null;
        List<String> points = new ArrayList<>(crashes);
        String status = "";
        for (int run = 0; run < 30 && !status.equals("promoted"); run++) {
            String crashAt = points.isEmpty() ? "none" : points.get(0);
            List<String> args = new ArrayList<>(List.of(url, config.toString(), crashAt));
            if (id == null) {
                args.add("start");
            } else {
                args.addAll(List.of("resume", id));
            }
            String out = child(dir, args);
            for (String line : out.lines().toList()) {
                if (line.startsWith("id=")) {
                    id = line.substring(3);
                }
                if (line.startsWith("status=")) {
                    status = line.substring(7);
                }
            }
            if (out.contains("halting at " + crashAt)) {
                halts++;
                points.remove(0);
            } else {
                assertThat(out).as("child output").contains("status=");
            }
            if (status.equals("rolling_out")) {
                serveAndPromote(url, config, id);
            }
        }
        try (MigrationStore migrations = MigrationStores.open(url);
                EvalRunStore runs = EvalRunStores.open(url);
                PromptStore prompts = PromptStores.open(url)) {
            Migration m = migrations.get(id).orElseThrow();
            JsonNode evaluate = null;
            JsonNode gate = null;
            List<String> steps = new ArrayList<>();
            for (var e : migrations.events(id)) {
                steps.add(e.step());
                if (e.step().equals("evaluate")) {
                    evaluate = scores(e.evidence());
                }
                if (e.step().equals("compare")) {
                    gate = e.evidence().path("checks");
                }
            }
            PromptRegistry registry = new PromptRegistry(prompts);
            int alias = registry.aliases("answer").get("production");
            String template = registry.get("answer", alias).template().toString();
            String report =
                    new MigrationAdminService(migrations, runs).reportHtml(id).orElseThrow();
            return new Outcome(m, halts, evaluate, gate, Files.readString(config), alias, template, steps, report);
        }
    }

    /** The evaluate event's scores without its run ids and costs (new runs when a step is redone). */
    private static JsonNode scores(JsonNode evidence) {
        var json = io.mlflowlite.json.Json.object();
        json.set("baseline", evidence.path("baseline").path("scores"));
        json.set("candidate", evidence.path("candidate").path("scores"));
        return json;
    }

    /**
     * What a gateway serving the file does: loading the rollout's route creates its experiment; then someone
     * promotes it by hand (no traffic here to move it by its gates).
     */
    private static void serveAndPromote(String url, Path config, String id) {
        try (Gateway gateway = Gateway.builder()
                        .env(Map.of("MLFLOWLITE_STORE", url, "MLFLOWLITE_TRACING", "off"))
                        .mockModels(MockModels.bundled().withLatencyScale(0))
                        .routingFile(config)
                        .build();
                ExperimentStore experiments = ExperimentStores.open(url)) {
            assertThat(gateway).isNotNull();
            if (experiments.get(id).isPresent()
                    && !experiments.get(id).orElseThrow().status().ended()) {
                new ExperimentControl(experiments, Clock.systemUTC())
                        .apply(id, ExperimentControl.Action.PROMOTE, null, "test", "promoted by hand");
            }
        }
    }

    private static String child(Path dir, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ChildMain.QUICK_JVM);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MigrationCrashChild.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return out;
    }
}
