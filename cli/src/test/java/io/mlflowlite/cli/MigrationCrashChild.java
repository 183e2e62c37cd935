package io.mlflowlite.cli;

import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.ExperimentStores;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.migrate.Migration;
import io.mlflowlite.migrate.MigrationGate;
import io.mlflowlite.migrate.MigrationService;
import io.mlflowlite.migrate.MigrationSpec;
import io.mlflowlite.migrate.MigrationStore;
import io.mlflowlite.migrate.MigrationStores;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A migration in its own JVM that halts (no shutdown hooks, no flush: as a kill -9 would) at a named point of a
 * step, for {@link MigrationCrashTest}. Arguments: {@code STORE_URL CONFIG CRASH_AT start} or
 * {@code STORE_URL CONFIG CRASH_AT resume ID}; {@code CRASH_AT} {@code none} runs to the end. Prints
 * {@code id=…} and {@code status=…}.
 */
final class MigrationCrashChild {
    private MigrationCrashChild() {}

    public static void main(String[] args) {
        String url = args[0];
        Path config = Path.of(args[1]);
        String crashAt = args[2];
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MLFLOWLITE_STORE", url);
        Tracing tracing = Tracing.fromEnv(env);
        Tracing.setGlobal(tracing);
        try (MigrationStore migrations = MigrationStores.open(url);
                EvalRunStore runs = EvalRunStores.open(url);
                TraceStore traces = TraceStores.open(url);
                PromptStore prompts = PromptStores.open(url);
                ExperimentStore experiments = ExperimentStores.open(url);
                Gateway gateway = Gateway.builder()
                        .env(env)
                        .mockModels(MockModels.bundled().withLatencyScale(0))
                        .tracing(tracing)
                        .build()) {
            MigrationService service = MigrationService.builder()
                    .store(migrations)
                    .gateway(gateway)
                    .traces(traces)
                    .runs(runs)
                    .prompts(new PromptRegistry(prompts))
                    .experiments(experiments)
                    .env(env)
                    .progress(line -> {
                        if (line.startsWith("migration mig-")) {
                            System.out.println("id=" + line.substring(10, 26));
                            System.out.flush();
                        }
                    })
                    .crashPoint(point -> {
                        if (point.equals(crashAt)) {
                            System.out.println("halting at " + point);
                            System.out.flush();
                            Runtime.getRuntime().halt(3);
                        }
                    })
                    .pollEvery(Duration.ofMillis(200))
                    .build();
            Migration m;
            if (args[3].equals("start")) {
                m = service.start(spec(config));
            } else {
                // a gateway loaded the rollout and promoted it before this resume, or none has yet: either way one
                // look at the experiment tells (the test never waits on a rollout in progress)
                m = service.resume(args[4], Duration.ofMillis(200));
            }
            System.out.println("id=" + m.id());
            System.out.println("status=" + m.status().label());
            System.out.println("step=" + m.step().label());
            tracing.flush(Duration.ofSeconds(30));
        }
    }

    static MigrationSpec spec(Path config) {
        return new MigrationSpec(
                "chat",
                "mock/next",
                config,
                "simulated:classification,arithmetic",
                null,
                null,
                24,
                100,
                List.of("task"),
                List.of(),
                MigrationGate.fromJson(io.mlflowlite.json.Json.read(
                        "{\"quality\": {\"max_drop\": 0.2}, \"rollout\": {\"stages\": [50, 100], \"min_samples\": 1, "
                                + "\"min_duration\": \"0s\", \"check_every\": \"1s\"}}")),
                7,
                true,
                60,
                "mock/reflect");
    }
}
