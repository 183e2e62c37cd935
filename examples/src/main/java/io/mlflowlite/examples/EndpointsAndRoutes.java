package io.mlflowlite.examples;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.routing.ConfigWatcher;
import io.mlflowlite.routing.ReloadOutcome;
import io.mlflowlite.routing.RoutingConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The app calls an endpoint name ({@code assistant}); the configuration file decides which model serves it.
 * Editing the file switches models while the app runs — no code change, no restart — and an invalid edit is
 * rejected while the previous configuration keeps serving. Runs on the simulated {@code mock/*} models.
 */
public final class EndpointsAndRoutes {
    static final String VERSION_1 = """
            version: v1
            endpoints:
              - name: assistant-fast
                endpoint_type: llm/v1/chat
                model: {provider: mock, name: mini}
                fallbacks: [mock/echo]
                defaults: {temperature: 0.2, max_tokens: 256}
              - name: assistant-strong
                endpoint_type: llm/v1/chat
                model: {provider: mock, name: pro}
            routes:
              - name: assistant
                task_type: llm/v1/chat
                destinations:
                  - {name: assistant-fast, traffic_percentage: 70}
                  - {name: assistant-strong, traffic_percentage: 30}
            """;
    /** The migration's last step: all traffic on the strong model. */
    static final String VERSION_2 = VERSION_1
            .replace("version: v1", "version: v2")
            .replace("traffic_percentage: 70", "traffic_percentage: 0")
            .replace("traffic_percentage: 30", "traffic_percentage: 100");
    /** A typo in an endpoint name: the route would point at nothing. */
    static final String BROKEN = VERSION_2
            .replace("version: v2", "version: v3")
            .replace("name: assistant-strong\n", "name: assistant-strnog\n");

    public static void main(String[] args) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("mlflowlite-endpoints");
        Path file = directory.resolve("gateway.yaml");
        Files.writeString(file, VERSION_1);
        BlockingQueue<ReloadOutcome> outcomes = new LinkedBlockingQueue<>();
        try (Gateway gateway = Gateway.builder()
                        .env(System.getenv())
                        .mockModels(MockModels.bundled().withLatencyScale(0.02)) // the simulation at 2% of its latency
                        .routingFile(file)
                        .build();
                ConfigWatcher watcher = ConfigWatcher.builder(file, gateway::reconfigure)
                        .loader(RoutingConfigLoader.withEnv(System.getenv()))
                        .listener(outcomes::add)
                        .start()) {
            System.out.println("serving " + gateway.routing().label());
            ask(gateway, "v1");

            Files.writeString(file, VERSION_2);
            System.out.println(awaitOutcome(outcomes, "v2").message());
            ask(gateway, "v2");

            Files.writeString(file, BROKEN);
            System.out.println(awaitOutcome(outcomes, null).message());
            ask(gateway, "after the rejected edit");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
        }
    }

    /** Twenty calls to the route, counted by the model that answered. */
    private static void ask(Gateway gateway, String label) {
        Map<String, Integer> servedBy = new TreeMap<>();
        for (int i = 0; i < 20; i++) {
            ChatResponse response = gateway.completion(ChatRequest.of("assistant", "What is the capital of France?"));
            String model =
                    response.attempts().get(response.attempts().size() - 1).model();
            servedBy.merge(model, 1, Integer::sum);
        }
        System.out.println(label + ": 20 calls to 'assistant' served by " + servedBy);
    }

    /** The watcher's next outcome applying {@code version}, or the next rejection when it is null. */
    private static ReloadOutcome awaitOutcome(BlockingQueue<ReloadOutcome> outcomes, String version)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            ReloadOutcome outcome = outcomes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (outcome == null) {
                throw new IllegalStateException("The config watcher reported nothing within 30 s");
            }
            boolean wanted = version == null
                    ? outcome.status() == ReloadOutcome.Status.REJECTED
                    : outcome.applied() && outcome.config().startsWith(version + " ");
            if (wanted) {
                return outcome;
            }
        }
    }
}
