package io.mlflowlite.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * One real PostgreSQL server for the whole test JVM (started on first use, stopped at exit), with a new empty
 * database per test.
 */
final class EmbeddedPostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {}

    /** The shared server, started on first call. */
    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            server = start();
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started)));
        }
        return server;
    }

    /** A JDBC URL of a new, empty database on the shared server. */
    static String freshDatabaseUrl() {
        String name = "traces_" + DATABASES.incrementAndGet();
        Jdbi.create(server().getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE " + name));
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name + "?user=postgres";
    }

    /** Starts a separate server that a test may stop; the caller closes it. */
    static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
