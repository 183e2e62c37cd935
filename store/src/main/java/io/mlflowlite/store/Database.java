package io.mlflowlite.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mlflowlite.logging.QuietSlf4j;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The open database: a writer and a reader side, each a JDBI over a connection pool. Thread-safe.
 *
 * <p>SQLite serialises writers on the file anyway, so it gets exactly one writer connection, taken under a fair
 * lock (waiting threads queue in order instead of timing out in the pool), and a few reader connections that
 * WAL lets read while the writer writes. PostgreSQL gets one small pool for both.
 */
final class Database implements AutoCloseable {
    private static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;
    private static final int SQLITE_READERS = 4;
    private static final int WRITER_CACHE_KIB = 16 * 1024;
    private static final int WRITER_CHECKPOINT_PAGES = 10_000;
    private static final int POSTGRES_POOL = 8;
    private static final long POOL_WAIT_MS = 5_000;

    private final StoreUrl url;
    private final Purpose purpose;
    private final HikariDataSource writerPool;
    private final HikariDataSource readerPool;
    private final Jdbi writer;
    private final Jdbi reader;
    private final ReentrantLock writeLock;

    private Database(StoreUrl url, Purpose purpose, HikariDataSource writerPool, HikariDataSource readerPool) {
        this.url = url;
        this.purpose = purpose;
        this.writerPool = writerPool;
        this.readerPool = readerPool;
        this.writer = Jdbi.create(writerPool);
        this.reader = readerPool == writerPool ? writer : Jdbi.create(readerPool);
        this.writeLock = url.isSqlite() ? new ReentrantLock(true) : null;
    }

    /**
     * Opens the database at {@code url}, creating the SQLite file (and its directory) or migrating the schema
     * as needed, and checks that it can be written. Throws the {@code purpose}'s exception saying what to fix.
     */
    static Database open(StoreUrl url, Purpose purpose) {
        QuietSlf4j.unlessAProviderIsPresent(); // HikariCP logs through SLF4J
        HikariDataSource writerPool = null;
        HikariDataSource readerPool = null;
        try {
            DataSource direct;
            if (url.isSqlite()) {
                prepareDirectory(url.sqliteFile(), purpose);
                direct = sqlite(url, false);
            } else {
                direct = PostgresDriver.dataSource(url.jdbcUrl());
            }
            // One plain connection first: a wrong host, port or path fails here with the driver's own reason.
            try (Connection connection = direct.getConnection();
                    Statement statement = connection.createStatement()) {
                Schema.migrate(direct, url.dialect(), purpose);
                // A read-only file or standby shows only when something is written: find out now, not on the
                // first trace.
                statement.execute("DELETE FROM experiments WHERE id IS NULL");
            }
            if (url.isSqlite()) {
                writerPool = pool(purpose, "writer", sqlite(url, true), 1);
                readerPool = pool(purpose, "reader", sqlite(url, false), SQLITE_READERS);
            } else {
                HikariConfig config = config(purpose, "pool", POSTGRES_POOL);
                config.setJdbcUrl(url.jdbcUrl());
                // One INSERT with many rows instead of one round trip per row: the batches here are large.
                config.addDataSourceProperty("reWriteBatchedInserts", "true");
                writerPool = new HikariDataSource(config);
                readerPool = writerPool;
            }
            return new Database(url, purpose, writerPool, readerPool);
        } catch (RuntimeException | SQLException e) {
            closeQuietly(readerPool);
            closeQuietly(writerPool);
            throw Failures.atStartup(url, purpose, e);
        }
    }

    StoreUrl url() {
        return url;
    }

    Dialect dialect() {
        return url.dialect();
    }

    Purpose purpose() {
        return purpose;
    }

    /** The JDBI to read with; reads never wait for writes. */
    Jdbi reader() {
        return reader;
    }

    /** Runs {@code work} against the writer JDBI, one at a time on SQLite. */
    <T> T writing(Function<Jdbi, T> work) {
        if (writeLock == null) {
            return once(work);
        }
        writeLock.lock();
        try {
            return once(work);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work}, and once more when the server had dropped the pooled connection it got (PostgreSQL
     * restarted while the connection sat idle: the first statement meets "terminating connection due to
     * administrator command"). The pool evicts a connection that failed that way and the work's transaction
     * rolled back with it, so the second try runs on a fresh connection with nothing half-done.
     */
    private <T> T once(Function<Jdbi, T> work) {
        try {
            return work.apply(writer);
        } catch (RuntimeException e) {
            if (!connectionDropped(e)) {
                throw e;
            }
            return work.apply(writer);
        }
    }

    /** Whether {@code e} says the server ended the connection (SQLSTATE 57P01-57P03, 08003, 08006). */
    static boolean connectionDropped(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03")
                        || state.equals("08003")
                        || state.equals("08006")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs {@code work} in a writer handle (one at a time on SQLite); a database failure becomes the purpose's
     * exception saying it could not {@code what}.
     */
    <T> T write(String what, Function<Handle, T> work) {
        try {
            return writing(jdbi -> jdbi.withHandle(work::apply));
        } catch (JdbiException e) {
            throw Failures.inUse(url, purpose, what, e);
        }
    }

    /** Runs {@code work} in a reader handle; failures as {@link #write}. */
    <T> T read(String what, Function<Handle, T> work) {
        try {
            return reader.withHandle(work::apply);
        } catch (JdbiException e) {
            throw Failures.inUse(url, purpose, what, e);
        }
    }

    @Override
    public void close() {
        closeQuietly(readerPool);
        closeQuietly(writerPool);
    }

    private static void prepareDirectory(Path file, Purpose purpose) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw purpose.failure("The " + purpose.database() + " " + absolute + " is a directory. Fix: point "
                    + "MLFLOWLITE_STORE / --store at a file, such as " + absolute.resolve("mlflowlite.db"));
        }
        Path dir = absolute.getParent();
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw purpose.failure("Cannot create the " + purpose.database() + " " + absolute + ": " + existing
                    + " is a file, not a directory. Fix: point MLFLOWLITE_STORE / --store at a path in a "
                    + "writable directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw purpose.failure(
                    "Cannot create the directory " + dir + " for the " + purpose.database() + " ("
                            + e + "). Fix: create it with write access for this user, or point MLFLOWLITE_STORE / "
                            + "--store at a writable directory",
                    e);
        }
    }

    private static SQLiteDataSource sqlite(StoreUrl url, boolean writer) {
        SQLiteConfig defaults = new SQLiteConfig();
        defaults.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL under WAL: a commit survives a crash of the process; only a power cut may lose the last ones.
        defaults.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        defaults.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        // The spans and tags of a deleted trace go with it (ON DELETE CASCADE), as on PostgreSQL.
        defaults.enforceForeignKeys(true);
        // Each insert inside a write transaction (foreign keys, unique indexes) keeps a statement journal to undo
        // itself if it aborts; in memory, not in a temporary file: otherwise every trace costs about ten writes to
        // disk that no reader ever sees.
        defaults.setTempStore(SQLiteConfig.TempStore.MEMORY);
        if (writer) {
            // A trace lands at a random place in the latency and cost indexes, so each one dirties a page there
            // that the commit writes to the WAL and the checkpoint copies into the file again. A larger cache
            // keeps those pages in memory between commits, and a checkpoint every 10,000 pages (about 40 MB of
            // WAL instead of 4) copies a page dirtied by many commits once.
            defaults.setCacheSize(-WRITER_CACHE_KIB);
            defaults.setWalAutocheckpoint(WRITER_CHECKPOINT_PAGES);
        }
        // Settings in the URL (open_mode, busy_timeout …) win over these defaults; the driver itself would let
        // the defaults win for some of them.
        Properties properties = defaults.toProperties();
        String jdbcUrl = url.jdbcUrl();
        int query = jdbcUrl.indexOf('?');
        if (query >= 0) {
            for (String pair : jdbcUrl.substring(query + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    properties.setProperty(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            jdbcUrl = jdbcUrl.substring(0, query);
        }
        SQLiteConfig config = new SQLiteConfig(properties);
        if (writer) {
            // Take the write lock at BEGIN, so another process's writer makes us wait (busy_timeout) rather than
            // fail when a read inside the transaction would have to be upgraded to a write.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(jdbcUrl);
        return ds;
    }

    private static HikariDataSource pool(Purpose purpose, String role, DataSource dataSource, int size) {
        HikariConfig config = config(purpose, role, size);
        config.setDataSource(dataSource);
        return new HikariDataSource(config);
    }

    private static HikariConfig config(Purpose purpose, String role, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("mlflowlite-" + purpose.poolName() + "-" + role);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        // A database that went away must fail a write soon, so the trace writer spills instead of stalling.
        config.setConnectionTimeout(POOL_WAIT_MS);
        config.setValidationTimeout(Math.min(POOL_WAIT_MS, 3_000));
        return config;
    }

    private static void closeQuietly(HikariDataSource pool) {
        if (pool != null && !pool.isClosed()) {
            pool.close();
        }
    }
}
