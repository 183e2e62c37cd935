package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise against a real gateway process: kill -9 it under load, start it again (which replays
 * its spill file), and every request answered more than the promised window before the kill has its trace in
 * the store or, where the replay had not finished when the second process stopped, still in the spill file.
 */
class KillNineDurabilityTest {
    /** docs/tracing.md: a trace is on disk within the flush interval plus one store write, 1.2 s while the store answers. */
    private static final Duration PROMISE = Duration.ofMillis(1200);

    private static final String ASK = "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path work;

    private record Answered(String traceId, long atNanos) {}

    @Test
    void everyTraceAnsweredBeforeThePromisedWindowSurvivesAKillNine() throws Exception {
        String store = "jdbc:sqlite:" + work.resolve("traces.db");
        Map<String, String> env = Map.of(
                "MLFLOWLITE_STORE",
                store,
                "MLFLOWLITE_SPILL_DIR",
                work.resolve("spill").toString());
        Process first = serve(env);
        List<Answered> answered = new ArrayList<>();
        long killedAt;
        try {
            String url = ProcessLines.serveUrl(ProcessLines.of(first.getInputStream()));
            ConcurrentLinkedQueue<Answered> done = new ConcurrentLinkedQueue<>();
            AtomicBoolean loading = new AtomicBoolean(true);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                clients.add(Thread.ofVirtual().start(() -> load(http, url, loading, done)));
            }
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            // load for 3 s at least, and until 100 answers are older than the promise (a slow machine answers fewer)
            while (System.nanoTime() < until
                    || done.stream()
                                    .filter(a -> System.nanoTime() - a.atNanos() > PROMISE.toNanos())
                                    .count()
                            < 100) {
                Thread.sleep(20); // the load's length, not a wait for a condition
                assertThat(first.isAlive()).isTrue();
                assertThat(System.nanoTime()).as("100 answers within 2 minutes").isLessThan(deadline);
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            killedAt = System.nanoTime();
            loading.set(false);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(30));
            }
            answered.addAll(done);
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.destroyForcibly();
        }

        Process second = serve(env); // replays the spill file at start
        try {
            ProcessLines.serveUrl(ProcessLines.of(second.getInputStream()));
            second.toHandle().destroy(); // SIGTERM: drains and flushes
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            second.destroyForcibly();
        }

        List<String> promised = answered.stream()
                .filter(a -> killedAt - a.atNanos() > PROMISE.toNanos())
                .map(Answered::traceId)
                .toList();
        assertThat(promised).hasSizeGreaterThanOrEqualTo(100);
        // the promise is "in the store or the spill file": a replay still running at exit leaves the rest spilled
        StringBuilder spilled = new StringBuilder();
        Path spillDir = work.resolve("spill");
        if (java.nio.file.Files.isDirectory(spillDir)) {
            try (var files = java.nio.file.Files.list(spillDir)) {
                for (Path file : files.toList()) {
                    spilled.append(java.nio.file.Files.readString(file));
                }
            }
        }
        try (TraceStore traces = TraceStores.open(store)) {
            List<String> lost = promised.stream()
                    .filter(id -> traces.get(id).isEmpty() && spilled.indexOf(id) < 0)
                    .toList();
            assertThat(lost)
                    .as(
                            "traces lost of %d answered more than %d ms before the kill",
                            promised.size(), PROMISE.toMillis())
                    .isEmpty();
        }
    }

    private static void load(HttpClient http, String url, AtomicBoolean loading, ConcurrentLinkedQueue<Answered> done) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(ASK))
                .build();
        while (loading.get()) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long at = System.nanoTime();
                if (response.statusCode() == 200) {
                    response.headers()
                            .firstValue("x-mlflowlite-trace-id")
                            .ifPresent(id -> done.add(new Answered(id, at)));
                }
            } catch (IOException e) {
                return; // the kill: this client is done
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process serve(Map<String, String> env) throws IOException {
        return ChildMain.start(work, env, "serve", "--port", "0");
    }
}
