package io.mlflowlite.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * One real PostgreSQL server for the whole test JVM (started on first use, stopped at exit by the closer thread
 * zonky registers), with a new empty database per test, dropped once the test is done ({@link DropTestDatabases}).
 *
 * <p>Dropped because zonky's closer deletes the server's data directory in a shutdown hook: with every test's
 * database kept (about 100, 900 MB in 37,000 files) that took more than the 30 s surefire gives the test JVM to exit
 * on a busy machine, so surefire killed it and left the rest of the directory in {@code /tmp}.
 */
final class EmbeddedPostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** The databases {@link #freshDatabaseUrl()} created and {@link #dropDatabases()} has not dropped yet. */
    private static final List<String> UNDROPPED = new ArrayList<>();

    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {}

    /** The shared server, started on first call. */
    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // Its data is thrown away at exit: no fsync makes creating and dropping a database cheaper
                // (each forces a checkpoint).
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** A JDBC URL of a new, empty database on the shared server, dropped when the current test is done. */
    static String freshDatabaseUrl() {
        String name = "traces_" + DATABASES.incrementAndGet();
        Jdbi.create(server().getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE " + name));
        synchronized (UNDROPPED) {
            UNDROPPED.add(name);
        }
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name + "?user=postgres";
    }

    /**
     * Drops the databases {@link #freshDatabaseUrl()} created so far, ending connections a test left open. Called
     * after each test, once its {@code @AfterEach} methods closed its stores.
     */
    static void dropDatabases() {
        List<String> names;
        synchronized (UNDROPPED) {
            if (UNDROPPED.isEmpty()) {
                return;
            }
            names = List.copyOf(UNDROPPED);
            UNDROPPED.clear();
        }
        Jdbi.create(server().getPostgresDatabase()).useHandle(h -> {
            for (String name : names) {
                h.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        });
    }

    static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
