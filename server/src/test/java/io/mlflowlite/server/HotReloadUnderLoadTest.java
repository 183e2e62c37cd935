package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.json.Json;
import io.mlflowlite.routing.ConfigWatcher;
import io.mlflowlite.routing.ReloadOutcome;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing the config file while clients hammer the server: no request fails, and the new split takes over. */
class HotReloadUnderLoadTest {
    @TempDir
    Path dir;

    private static String split(int toEcho, int toMini) {
        return """
                endpoints:
                  - {name: fast, endpoint_type: llm/v1/chat, model: {provider: mock, name: echo}}
                  - {name: other, endpoint_type: llm/v1/chat, model: {provider: mock, name: mini}}
                routes:
                  - name: chat
                    task_type: llm/v1/chat
                    destinations:
                      - {name: fast, traffic_percentage: %d}
                      - {name: other, traffic_percentage: %d}
                """.formatted(toEcho, toMini);
    }

    @Test
    void changingTheTrafficSplitUnderConcurrentLoadFailsNoRequest() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, split(100, 0));
        TestServer t = TestServer.start(
                g -> g.routingFile(config)
                        .mockModels(
                                io.mlflowlite.provider.mock.MockModels.bundled().withLatencyScale(0)),
                s -> {});
        List<ReloadOutcome> outcomes = new CopyOnWriteArrayList<>();
        try (ConfigWatcher watcher = ConfigWatcher.builder(config, t.gateway::reconfigure)
                .listener(outcomes::add)
                .debounce(Duration.ofMillis(50))
                .start()) {
            AtomicBoolean swapped = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger failures = new AtomicInteger();
            Map<String, AtomicInteger> afterSwap = new ConcurrentHashMap<>();
            String body = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}";
            List<Thread> clients = new java.util.ArrayList<>();
            for (int c = 0; c < 8; c++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        boolean sentAfterSwap = swapped.get();
                        HttpResponse<String> r = t.post("/v1/chat/completions", body);
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                        } else if (sentAfterSwap) {
                            afterSwap
                                    .computeIfAbsent(
                                            Json.read(r.body()).path("model").asText(), k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                }));
            }
            int applied = outcomes.size();
            Files.writeString(config, split(0, 100));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (outcomes.size() == applied && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll the condition, deadline-bounded
            }
            swapped.set(true);
            while (afterSwap.values().stream().mapToInt(AtomicInteger::get).sum() < 200
                    && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll the condition, deadline-bounded
            }
            stop.set(true);
            for (Thread client : clients) {
                client.join();
            }

            assertThat(outcomes.get(outcomes.size() - 1).applied()).isTrue();
            assertThat(failures.get()).isZero();
            assertThat(afterSwap).containsOnlyKeys("mini");
            assertThat(afterSwap.get("mini").get()).isGreaterThanOrEqualTo(200);
        } finally {
            t.close();
        }
    }
}
