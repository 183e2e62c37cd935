package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiments as a team runs them: two {@code mlflowlite serve} processes sharing one real PostgreSQL, clients
 * calling route names over HTTP. A user keeps their variant whichever replica answers; under load a slow
 * candidate is rolled back and a fast one promoted to 100 % by the gateways themselves, with no failed request
 * during the transitions; {@code mlflowlite experiments show} lists the transitions with their evidence.
 */
class ExperimentsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin-secret-for-experiments";
    private static EmbeddedPostgres postgres;

    @TempDir
    static Path work;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static String database(String name) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name + "?user=postgres";
    }

    private static final String CONFIG = """
            endpoints:
              - {name: mini, endpoint_type: llm/v1/chat, model: {provider: mock, name: mini}}
              - {name: balanced, endpoint_type: llm/v1/chat, model: {provider: mock, name: balanced}}
              - {name: pro, endpoint_type: llm/v1/chat, model: {provider: mock, name: pro}}
            routes:
              - name: assistant
                task_type: llm/v1/chat
                routing_strategy: experiment
                strategy_config: {unit: user}
                destinations: [{name: mini, traffic_percentage: 50}, {name: pro, traffic_percentage: 50}]
              - name: slow-candidate
                task_type: llm/v1/chat
                routing_strategy: experiment
                strategy_config:
                  unit: request
                  rollout:
                    stages: [10, 50, 100]
                    min_samples: 30
                    min_duration: 0s
                    check_every: 1s
                    gates: {latency_p95_ms: 6, error_rate: 0.1}
                destinations: [{name: mini}, {name: pro}]
              - name: fast-candidate
                task_type: llm/v1/chat
                routing_strategy: experiment
                strategy_config:
                  unit: request
                  rollout:
                    stages: [10, 50, 100]
                    min_samples: 30
                    min_duration: 0s
                    check_every: 1s
                    gates: {latency_p95_ms: 1000, error_rate: 0.1}
                destinations: [{name: balanced}, {name: mini}]
            """;

    private static Process serve(Map<String, String> env, Path config) throws IOException {
        return ChildMain.start(work, env, "serve", "--port", "0", "--config", config.toString());
    }

    private static HttpResponse<String> chat(HttpClient http, String url, String route, String user)
            throws IOException, InterruptedException {
        String body = "{\"model\":\"" + route + "\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2 + 2?\"}]"
                + (user == null ? "" : ",\"user\":\"" + user + "\"") + "}";
        return http.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode admin(HttpClient http, String url, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .header("authorization", "Bearer " + ADMIN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void twoReplicasAgreeOnVariantsAndMoveRolloutsByThemselvesWithoutAFailedRequest() throws Exception {
        String store = database("experiments_e2e");
        Path models = work.resolve("models.json");
        Files.writeString(models, """
                {"models": {"mini": {"latency_scale": 0.003}, "balanced": {"latency_scale": 0.003},
                            "pro": {"latency_scale": 0.003}}}
                """);
        Path config = work.resolve("gateway.yaml");
        Files.writeString(config, CONFIG);
        Map<String, String> env = Map.of(
                "MLFLOWLITE_STORE",
                store,
                "MLFLOWLITE_MOCK_MODELS",
                models.toString(),
                "MLFLOWLITE_ADMIN_KEY",
                ADMIN,
                "MLFLOWLITE_SPILL_DIR",
                work.resolve("spill").toString());
        Process a = serve(env, config);
        Process b = serve(env, config);
        try {
            String urlA = ProcessLines.serveUrl(ProcessLines.of(a.getInputStream()));
            String urlB = ProcessLines.serveUrl(ProcessLines.of(b.getInputStream()));
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

            // sticky: whichever replica answers, a user keeps their variant (the users call side by side, each
            // first replica A, then replica B)
            List<Future<List<HttpResponse<String>>>> pairs = new ArrayList<>();
            try (ExecutorService users = Executors.newFixedThreadPool(8)) {
                for (int user = 0; user < 60; user++) {
                    String name = "user-" + user;
                    pairs.add(users.submit(
                            () -> List.of(chat(http, urlA, "assistant", name), chat(http, urlB, "assistant", name))));
                }
            }
            int candidates = 0;
            for (Future<List<HttpResponse<String>>> pair : pairs) {
                HttpResponse<String> first = pair.get().get(0);
                HttpResponse<String> second = pair.get().get(1);
                assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
                String variant =
                        first.headers().firstValue("x-mlflowlite-variant").orElseThrow();
                assertThat(second.headers().firstValue("x-mlflowlite-variant")).contains(variant);
                assertThat(first.headers().firstValue("x-mlflowlite-experiment"))
                        .contains("assistant");
                candidates += variant.equals("pro") ? 1 : 0;
            }
            assertThat(candidates).isBetween(15, 45); // 50 % of 60 users, ± 4 standard deviations

            // rollouts: load on both replicas until both rollouts ended; every request must succeed
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                String url = c % 2 == 0 ? urlA : urlB;
                String route = c < 4 ? "slow-candidate" : "fast-candidate";
                clients.add(Thread.ofVirtual().start(() -> {
                    while (loading.get()) {
                        try {
                            HttpResponse<String> r = chat(http, url, route, null);
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (IOException | InterruptedException e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            String slow = "";
            String fast = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (System.nanoTime() < deadline) {
                slow = admin(http, urlA, "/admin/experiments/slow-candidate")
                        .path("status")
                        .asText();
                fast = admin(http, urlB, "/admin/experiments/fast-candidate")
                        .path("status")
                        .asText();
                if (slow.equals("rolled_back") && fast.equals("promoted")) {
                    break;
                }
                Thread.sleep(500); // polling the admin API, not a timing assertion
            }
            // a few more calls after the last transition: every replica serves the final split
            Thread.sleep(3000);
            loading.set(false);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(30));
            }
            assertThat(slow).isEqualTo("rolled_back");
            assertThat(fast).isEqualTo("promoted");
            assertThat(failures).as("failed requests during the transitions").isEmpty();
            assertThat(ok.get()).isGreaterThan(200);
            for (String url : List.of(urlA, urlB)) {
                assertThat(chat(http, url, "slow-candidate", null).headers().firstValue("x-mlflowlite-variant"))
                        .contains("mini");
                assertThat(chat(http, url, "fast-candidate", null).headers().firstValue("x-mlflowlite-variant"))
                        .contains("mini");
            }

            JsonNode shown = admin(http, urlB, "/admin/experiments/slow-candidate");
            JsonNode rollback =
                    shown.path("transitions").get(shown.path("transitions").size() - 1);
            assertThat(rollback.path("action").asText()).isEqualTo("rollback");
            assertThat(rollback.path("actor").asText()).isEqualTo("controller");
            assertThat(rollback.path("evidence").toString()).contains("latency_p95");

            // a process of its own, so what it prints is what reaches a user's terminal (quick JVM options: it only
            // reads the store)
            Process show = ChildMain.start(
                    work, env, ChildMain.QUICK_JVM, "experiments", "show", "fast-candidate", "--store", store);
            String printed = new String(show.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(show.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(show.exitValue()).as(printed).isZero();
            assertThat(printed).contains("promoted", "advance", "promote", "controller");
        } finally {
            a.destroy();
            b.destroy();
            a.waitFor(30, TimeUnit.SECONDS);
            b.waitFor(30, TimeUnit.SECONDS);
            a.destroyForcibly();
            b.destroyForcibly();
        }
    }
}
