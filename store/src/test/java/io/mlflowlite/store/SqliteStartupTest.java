package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStoreException;
import io.mlflowlite.tracing.TraceStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a SQLite store: what it creates by itself, and the clear error for each thing it cannot fix. Tests run
 * as root, who may write anywhere, so "cannot write" is made real with a file in the way or a read-only open.
 */
class SqliteStartupTest {
    @TempDir
    Path dir;

    @Test
    void createsTheFileAndMissingDirectoriesInWalMode() throws Exception {
        Path file = dir.resolve("data/traces/mlflowlite.db");

        try (TraceStore store = TraceStores.open("jdbc:sqlite:" + file)) {
            store.write(List.of(Traces.chat().build()));
            assertThat(store.describe()).isEqualTo("sqlite:" + file);
        }

        assertThat(file).isRegularFile();
        String mode = Jdbi.create("jdbc:sqlite:" + file)
                .withHandle(h ->
                        h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
        assertThat(mode).isEqualToIgnoringCase("wal");
    }

    @Test
    void keepsStatementJournalsInMemoryOnTheWriterAndTheReaders() {
        String url = "jdbc:sqlite:" + dir.resolve("journals.db");
        try (Database db = Database.open(StoreUrl.parse(url, Purpose.TRACES), Purpose.TRACES)) {
            // 2 = MEMORY: an insert's statement journal costs no temporary-file writes
            int writer = db.write(
                    "read temp_store",
                    h -> h.createQuery("PRAGMA temp_store").mapTo(Integer.class).one());
            int reader = db.reader()
                    .withHandle(h -> h.createQuery("PRAGMA temp_store")
                            .mapTo(Integer.class)
                            .one());
            assertThat(writer).isEqualTo(2);
            assertThat(reader).isEqualTo(2);
        }
    }

    @Test
    void opensAPlainPathEndingInDbOrSqliteAsSqlite() {
        for (String name : List.of("a.db", "b.sqlite", "c.sqlite3")) {
            String path = dir.resolve(name).toString();
            assertThat(new SqlTraceStoreProvider().supports(path)).isTrue();
            try (TraceStore store = TraceStores.open(path)) {
                assertThat(store.describe()).isEqualTo("sqlite:" + path);
            }
        }
    }

    @Test
    void takesTheDefaultUrlAsAFileInTheWorkingDirectory() {
        StoreUrl url = StoreUrl.parse(TraceStores.DEFAULT_URL);

        assertThat(url.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(url.sqliteFile()).isEqualTo(Path.of("mlflowlite.db"));
        assertThat(url.description()).isEqualTo("sqlite:mlflowlite.db");
    }

    @Test
    void explainsAPathThatGoesThroughARegularFile() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> TraceStores.open("jdbc:sqlite:" + file.resolve("sub/traces.db")))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("Cannot create the trace database " + file.resolve("sub/traces.db"))
                .hasMessageContaining(file + " is a file, not a directory")
                .hasMessageContaining("Fix:");
    }

    @Test
    void explainsADirectoryGivenAsTheDatabase() {
        assertThatThrownBy(() -> TraceStores.open("jdbc:sqlite:" + dir))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining(dir + " is a directory");
    }

    @Test
    void explainsAReadOnlyDatabase() {
        Path file = dir.resolve("ro.db");
        TraceStores.open("jdbc:sqlite:" + file).close();

        assertThatThrownBy(() -> TraceStores.open("jdbc:sqlite:" + file + "?open_mode=1"))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("The trace database " + file + " is read-only")
                .hasMessageContaining("Fix: make the file and its directory writable");
    }

    @Test
    void explainsAReadOnlyOpenOfAFileThatDoesNotExist() {
        Path file = dir.resolve("missing.db");

        assertThatThrownBy(() -> TraceStores.open("jdbc:sqlite:" + file + "?open_mode=1"))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("Cannot open or create the trace database " + file);
    }

    @Test
    void explainsAFileThatIsNotASqliteDatabase() throws Exception {
        Path file =
                Files.writeString(dir.resolve("notes.db"), "these are not the tables you are looking for. ".repeat(40));

        assertThatThrownBy(() -> TraceStores.open(file.toString()))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining(file + " is not a SQLite database");
    }

    @Test
    void refusesAnUnknownSchemeNamingTheUrlsThatWork() {
        assertThat(new SqlTraceStoreProvider().supports("jdbc:mysql://db/traces"))
                .isFalse();
        assertThatThrownBy(() -> new SqlTraceStoreProvider().open("jdbc:mysql://db/traces?password=hunter2"))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("Unknown trace store URL scheme 'jdbc:mysql'")
                .hasMessageContaining("jdbc:sqlite:<file>")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> TraceStores.open("mysql://db/traces")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void refusesAnInMemoryDatabase() {
        assertThatThrownBy(() -> TraceStores.open("jdbc:sqlite::memory:"))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("in-memory");
    }

    @Test
    void failsAWriteWithATraceStoreExceptionWhileAnotherProcessLocksTheFileAndWritesOnceItIsFree() throws Exception {
        Path file = dir.resolve("locked.db");
        Trace trace = Traces.chat().build();
        try (TraceStore store = TraceStores.open("jdbc:sqlite:" + file + "?busy_timeout=100")) {
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");

                assertThatThrownBy(() -> store.write(List.of(trace)))
                        .isInstanceOf(TraceStoreException.class)
                        .hasMessageContaining("Could not write 1 trace in the trace store sqlite:" + file)
                        .hasMessageContaining("locked");
                s.execute("ROLLBACK");
            }

            store.write(List.of(trace));
            assertThat(store.get(trace.traceId())).contains(trace);
        }
    }
}
