package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.tracing.TraceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway embedded in an app and built from a map of settings takes its tracing from that map alone, not from
 * the process environment: the app's store, or nothing at all when the map turns tracing off.
 */
class GatewayFromEnvMapTest {
    private static final String WRITER_THREAD = "mlflowlite-trace-writer";

    @TempDir
    Path dir;

    @Test
    void recordsIntoTheStoreTheMapNames() {
        Map<String, String> env = Map.of(
                "MLFLOWLITE_STORE",
                "jdbc:sqlite:" + dir.resolve("app-traces.db"),
                "MLFLOWLITE_SPILL_DIR",
                dir.resolve("spill").toString());
        try (Gateway gateway = gateway(env)) {
            ChatResponse r = gateway.completion(ChatRequest.of("mock/mini", "What is the capital of France?"));
            gateway.tracing().flush(Duration.ofSeconds(30));

            TraceStore store = gateway.tracing().store().orElseThrow();
            assertThat(store.describe()).contains("app-traces.db");
            assertThat(store.countTraces()).isEqualTo(1);
            assertThat(store.get(r.traceId().orElseThrow())).isPresent();
        }
    }

    @Test
    void tracingOffInTheMapOpensNoDatabaseNoSpillDirectoryAndNoWriterThread() {
        Path db = dir.resolve("never.db");
        Path spill = dir.resolve("spill");
        Map<String, String> env = Map.of(
                "MLFLOWLITE_TRACING",
                "off",
                "MLFLOWLITE_STORE",
                "jdbc:sqlite:" + db,
                "MLFLOWLITE_SPILL_DIR",
                spill.toString());
        long writersBefore = writerThreads();
        try (Gateway gateway = gateway(env)) {
            ChatResponse r = gateway.completion(ChatRequest.of("mock/mini", "What is the capital of France?"));

            assertThat(r.content()).isNotBlank();
            assertThat(r.traceId()).isEmpty();
            assertThat(gateway.tracing().enabled()).isFalse();
            assertThat(gateway.tracing().store()).isEmpty();
            assertThat(writerThreads()).isLessThanOrEqualTo(writersBefore);
        }
        assertThat(db).doesNotExist();
        assertThat(spill).doesNotExist();
    }

    private static Gateway gateway(Map<String, String> env) {
        return Gateway.builder()
                .env(env)
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build();
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(WRITER_THREAD))
                .count();
    }
}
