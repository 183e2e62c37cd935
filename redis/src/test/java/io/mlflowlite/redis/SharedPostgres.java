package io.mlflowlite.redis;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/** One real PostgreSQL for the test JVM, with a new empty database per test: where the replicas' keys live. */
final class SharedPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private SharedPostgres() {}

    static synchronized String freshDatabaseUrl() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        String name = "keys_" + DATABASES.incrementAndGet();
        Jdbi.create(server.getPostgresDatabase()).useHandle(h -> h.execute("CREATE DATABASE " + name));
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name + "?user=postgres";
    }
}
