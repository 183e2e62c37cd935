package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.TraceWriter;
import io.mlflowlite.tracing.TraceWriterStats;
import io.mlflowlite.tracing.Tracing;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL goes away mid-run while calls keep coming; when it is back, every trace is in it. */
class DatabaseOutageTest {
    @TempDir
    Path dir;

    @Test
    void callsKeepWorkingWhileTheDatabaseIsDownAndEveryTraceArrivesOnceItIsBack() throws IOException {
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .start();
        int port = postgres.getPort();
        TraceStore store = TraceStores.open("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres");
        Tracing tracing = Tracing.builder()
                .store(store)
                .spillDir(dir.resolve("spill"))
                .writerOptions(new TraceWriter.Options(1000, 100, Duration.ofMillis(20), Duration.ofMillis(200)))
                .build();
        List<String> traceIds = new ArrayList<>();
        try (Gateway gateway = Gateway.builder()
                .env(Map.of())
                .tracing(tracing)
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build()) {
            call(gateway, 300, traceIds);
            tracing.flush(Duration.ofSeconds(30));
            assertThat(tracing.stats().written()).isEqualTo(300);

            EmbeddedPostgresServer.close(postgres);
            call(gateway, 300, traceIds); // the calls themselves must not notice
            // the store's calls time out (the pool waits 5 s for a connection, the writer 1 s) and then fail: the
            // writer takes the store for refusing rather than slow, so a flush does not wait out its whole timeout
            // for a replay that cannot come before the database is back
            long flushStart = System.nanoTime();
            tracing.flush(Duration.ofSeconds(60));
            assertThat(Duration.ofNanos(System.nanoTime() - flushStart)).isLessThan(Duration.ofSeconds(30));
            TraceWriterStats down = tracing.stats();
            assertThat(down.storeAvailable()).isFalse();
            assertThat(down.spilled()).isGreaterThanOrEqualTo(300);

            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
            call(gateway, 300, traceIds);
            tracing.flush(Duration.ofSeconds(60));

            TraceWriterStats after = tracing.stats();
            assertThat(after.dropped()).isZero();
            assertThat(after.replayed()).isEqualTo(after.spilled());
            assertThat(after.written() + after.replayed()).isEqualTo(900);
            for (String id : traceIds) {
                assertThat(store.get(id)).as("trace %s", id).isPresent();
            }
        } finally {
            tracing.close();
            EmbeddedPostgresServer.close(postgres);
        }
    }

    private static void call(Gateway gateway, int n, List<String> traceIds) {
        for (int i = 0; i < n; i++) {
            traceIds.add(gateway.completion(ChatRequest.of("mock/mini", "What is the capital of Peru? " + i))
                    .traceId()
                    .orElseThrow());
        }
    }
}
