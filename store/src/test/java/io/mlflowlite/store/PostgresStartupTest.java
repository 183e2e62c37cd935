package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStoreException;
import io.mlflowlite.tracing.TraceStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a PostgreSQL store: clear errors for a wrong address or database, and writes while it is down. */
class PostgresStartupTest {
    @TempDir
    Path dir;

    @Test
    void explainsAPortWithNothingListeningWithoutShowingThePassword() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "jdbc:postgresql://localhost:" + port + "/traces?user=app&password=s3cret-pw";

        assertThatThrownBy(() -> TraceStores.open(url))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("Cannot connect to the trace database postgresql://localhost:" + port + "/traces")
                .hasMessageContaining("refused")
                .hasMessageContaining("Fix: start PostgreSQL there, or correct the host and port")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void explainsADatabaseThatDoesNotExist() {
        int port = EmbeddedPostgresServer.server().getPort();

        assertThatThrownBy(() -> TraceStores.open("jdbc:postgresql://localhost:" + port + "/nope?user=postgres"))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("The database of postgresql://localhost:" + port + "/nope does not exist");
    }

    @Test
    void describesTheDatabaseWithoutCredentials() {
        String url = EmbeddedPostgresServer.freshDatabaseUrl() + "&password=hunter2";

        try (TraceStore store = TraceStores.open(url)) {
            assertThat(store.describe()).matches("postgresql://localhost:\\d+/traces_\\d+");
        }
    }

    @Test
    void failsWritesWithATraceStoreExceptionWhileTheServerIsDownAndWritesAgainOnceItIsBack() throws IOException {
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .start();
        int port = postgres.getPort();
        String url = "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
        Trace before = Traces.chat().build();
        Trace during = Traces.chat().build();
        try (TraceStore store = TraceStores.open(url)) {
            store.write(List.of(before));
            EmbeddedPostgresServer.close(postgres);

            assertThatThrownBy(() -> store.write(List.of(during)))
                    .isInstanceOf(TraceStoreException.class)
                    .hasMessageContaining("Could not write 1 trace in the trace store postgresql://localhost:" + port);

            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
            store.write(List.of(during));
            assertThat(store.get(before.traceId())).contains(before);
            assertThat(store.get(during.traceId())).contains(during);
        } finally {
            EmbeddedPostgresServer.close(postgres);
        }
    }
}
