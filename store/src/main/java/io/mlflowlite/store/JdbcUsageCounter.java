package io.mlflowlite.store;

import io.mlflowlite.limits.LimitStoreException;
import io.mlflowlite.limits.Meter;
import io.mlflowlite.limits.UsageCounter;
import io.mlflowlite.limits.Window;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * {@link UsageCounter}s in the {@code usage_windows} table of SQLite or PostgreSQL (schema V2), shared by every
 * replica on the same database. Thread-safe; every method is one database round trip (a transaction for spend on
 * SQLite). Failures of the database are {@link LimitStoreException}s.
 *
 * <p>Atomicity: counts are an upsert that adds in place and returns the new value
 * ({@code INSERT … ON CONFLICT DO UPDATE SET total = total + excluded.total RETURNING total}), which PostgreSQL runs
 * under the row's lock, so concurrent adds from any number of replicas serialise on the row and each sees its own
 * result. PostgreSQL adds spend the same way in NUMERIC, exactly. SQLite stores spend as decimal text (its numbers
 * are floats), so there the new total is computed in Java inside one write transaction; SQLite admits one writer
 * at a time, this process's writes queue on a lock, and other processes wait on the file lock.
 *
 * <p>Expiry: each row may be deleted one window length after its window ended; rows past that are deleted now and
 * then (at most every 10 minutes of window time) by the call that notices.
 *
 * <p>Open it with {@link #open(String)}, or by URL through {@link io.mlflowlite.limits.LimitStores#openCounter},
 * which finds {@link SqlLimitStoreProvider} with {@link java.util.ServiceLoader}. For many replicas under load,
 * prefer Redis (the redis module): a counter round trip there is cheaper than a database write.
 */
public final class JdbcUsageCounter implements UsageCounter {
    private static final long PURGE_EVERY_MS = Duration.ofMinutes(10).toMillis();
    private static final String UPSERT_COUNT = """
            INSERT INTO usage_windows (key_id, kind, window_start, total, spend, expires)
            VALUES (:subject, :kind, :start, :delta, :zero, :expires)
            ON CONFLICT (key_id, kind, window_start) DO UPDATE SET total = usage_windows.total + excluded.total
            RETURNING total""";
    private static final String UPSERT_SPEND_ADD = """
            INSERT INTO usage_windows (key_id, kind, window_start, total, spend, expires)
            VALUES (:subject, :kind, :start, 0, :usd, :expires)
            ON CONFLICT (key_id, kind, window_start) DO UPDATE SET spend = usage_windows.spend + excluded.spend
            RETURNING spend""";
    /** Adds to the spend only when the total stays within :limit; returns no row when it would not. */
    private static final String UPSERT_SPEND_RESERVE = """
            INSERT INTO usage_windows (key_id, kind, window_start, total, spend, expires)
            VALUES (:subject, :kind, :start, 0, :usd, :expires)
            ON CONFLICT (key_id, kind, window_start) DO UPDATE SET spend = usage_windows.spend + excluded.spend
            WHERE usage_windows.spend + excluded.spend <= :limit
            RETURNING spend""";

    private static final String UPSERT_SPEND_SET = """
            INSERT INTO usage_windows (key_id, kind, window_start, total, spend, expires)
            VALUES (:subject, :kind, :start, 0, :usd, :expires)
            ON CONFLICT (key_id, kind, window_start) DO UPDATE SET spend = excluded.spend""";
    private static final String WHERE =
            " FROM usage_windows WHERE key_id = :subject AND kind = :kind AND window_start = :start";

    private final Database db;
    private final AtomicLong purgedUpTo = new AtomicLong();
    private volatile boolean closed;

    private JdbcUsageCounter(Database db) {
        this.db = db;
    }

    /**
     * Opens the counters at {@code url} ({@code jdbc:sqlite:<file>}, a {@code .db} path, or
     * {@code jdbc:postgresql://…}), creating or upgrading the schema.
     *
     * @throws LimitStoreException naming the problem and its fix when the database cannot be used
     */
    public static JdbcUsageCounter open(String url) {
        return new JdbcUsageCounter(Database.open(StoreUrl.parse(url, Purpose.LIMITS), Purpose.LIMITS));
    }

    @Override
    public long add(String subject, Meter meter, Window window, long delta) {
        countable(meter);
        Objects.requireNonNull(subject, "subject");
        purgeNowAndThen(window);
        return writing(
                "count " + meter.kind(window.period()),
                h -> h.createQuery(UPSERT_COUNT)
                        .bind("subject", subject)
                        .bind("kind", meter.kind(window.period()))
                        .bind("start", window.start().toEpochMilli())
                        .bind("delta", delta)
                        .bind("zero", db.dialect().decimal(BigDecimal.ZERO))
                        .bind("expires", expires(window))
                        .mapTo(Long.class)
                        .one());
    }

    @Override
    public long get(String subject, Meter meter, Window window) {
        countable(meter);
        return reading(
                "read " + meter.kind(window.period()),
                h -> h.createQuery("SELECT total" + WHERE)
                        .bind("subject", subject)
                        .bind("kind", meter.kind(window.period()))
                        .bind("start", window.start().toEpochMilli())
                        .mapTo(Long.class)
                        .findOne()
                        .orElse(0L));
    }

    @Override
    public BigDecimal addSpend(String subject, Window window, BigDecimal usd) {
        Objects.requireNonNull(subject, "subject");
        purgeNowAndThen(window);
        String kind = Meter.SPEND.kind(window.period());
        long start = window.start().toEpochMilli();
        if (!db.url().isSqlite()) {
            return writing(
                    "add spend",
                    h -> new BigDecimal(h.createQuery(UPSERT_SPEND_ADD)
                            .bind("subject", subject)
                            .bind("kind", kind)
                            .bind("start", start)
                            .bind("usd", usd)
                            .bind("expires", expires(window))
                            .mapTo(String.class)
                            .one()));
        }
        return writing(
                "add spend",
                h -> h.inTransaction(tx -> {
                    BigDecimal total = sqliteSpend(tx, subject, kind, start).add(usd);
                    setSqliteSpend(tx, subject, kind, window, total);
                    return total;
                }));
    }

    @Override
    public boolean reserveSpend(String subject, Window window, BigDecimal usd, BigDecimal limit) {
        Objects.requireNonNull(subject, "subject");
        if (usd.compareTo(limit) > 0) {
            return false; // can never fit
        }
        purgeNowAndThen(window);
        String kind = Meter.SPEND.kind(window.period());
        long start = window.start().toEpochMilli();
        if (!db.url().isSqlite()) {
            // one statement under the row lock: a row when the reservation fit, none when it did not
            return writing(
                    "reserve spend",
                    h -> h.createQuery(UPSERT_SPEND_RESERVE)
                            .bind("subject", subject)
                            .bind("kind", kind)
                            .bind("start", start)
                            .bind("usd", usd)
                            .bind("limit", limit)
                            .bind("expires", expires(window))
                            .mapTo(String.class)
                            .findOne()
                            .isPresent());
        }
        return writing(
                "reserve spend",
                h -> h.inTransaction(tx -> {
                    BigDecimal total = sqliteSpend(tx, subject, kind, start).add(usd);
                    if (total.compareTo(limit) > 0) {
                        return false;
                    }
                    setSqliteSpend(tx, subject, kind, window, total);
                    return true;
                }));
    }

    /** SQLite keeps spend as decimal text: read inside the caller's write transaction. */
    private static BigDecimal sqliteSpend(Handle tx, String subject, String kind, long start) {
        return tx.createQuery("SELECT spend" + WHERE)
                .bind("subject", subject)
                .bind("kind", kind)
                .bind("start", start)
                .mapTo(String.class)
                .findOne()
                .map(BigDecimal::new)
                .orElse(BigDecimal.ZERO);
    }

    private static void setSqliteSpend(Handle tx, String subject, String kind, Window window, BigDecimal total) {
        tx.createUpdate(UPSERT_SPEND_SET)
                .bind("subject", subject)
                .bind("kind", kind)
                .bind("start", window.start().toEpochMilli())
                .bind("usd", total.toPlainString())
                .bind("expires", expires(window))
                .execute();
    }

    @Override
    public BigDecimal spend(String subject, Window window) {
        return reading(
                "read spend",
                h -> h.createQuery("SELECT spend" + WHERE)
                        .bind("subject", subject)
                        .bind("kind", Meter.SPEND.kind(window.period()))
                        .bind("start", window.start().toEpochMilli())
                        .mapTo(String.class)
                        .findOne()
                        .map(BigDecimal::new)
                        .orElse(BigDecimal.ZERO));
    }

    /** {@code sqlite:<file as given>} or {@code postgresql://<host>:<port>/<database>}, without credentials. */
    @Override
    public String describe() {
        return db.url().description();
    }

    @Override
    public void close() {
        closed = true;
        db.close();
    }

    @Override
    public String toString() {
        return "JdbcUsageCounter[" + describe() + "]";
    }

    private static long expires(Window window) {
        return window.end().plus(window.length()).toEpochMilli();
    }

    /** Deletes expired rows when the windows in use moved 10 minutes past the last purge; one caller does it. */
    private void purgeNowAndThen(Window window) {
        long now = window.start().toEpochMilli();
        long last = purgedUpTo.get();
        if (now - last < PURGE_EVERY_MS || !purgedUpTo.compareAndSet(last, now)) {
            return;
        }
        writing(
                "delete expired counters",
                h -> h.createUpdate("DELETE FROM usage_windows WHERE expires < :now")
                        .bind("now", now)
                        .execute());
    }

    private static void countable(Meter meter) {
        if (meter == Meter.SPEND) {
            throw new IllegalArgumentException("Spend is counted in dollars: use addSpend and spend");
        }
    }

    private <T> T writing(String what, Function<Handle, T> work) {
        ensureOpen(what);
        return db.write(what, work);
    }

    private <T> T reading(String what, Function<Handle, T> work) {
        ensureOpen(what);
        return db.read(what, work);
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new LimitStoreException("Could not " + what + ": the usage counter " + describe() + " is closed");
        }
    }
}
