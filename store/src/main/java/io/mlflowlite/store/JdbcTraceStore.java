package io.mlflowlite.store;

import io.mlflowlite.tracing.Assessment;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceJson;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TracePoint;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStoreException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * A {@link TraceStore} in SQLite or PostgreSQL, through JDBC. Thread-safe: any number of threads may write,
 * read and delete at once. Every method blocks on database I/O.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=NORMAL}: one writer at a time (writes queue on a fair lock
 * in this process and on the file's lock across processes, waiting up to 5 s), readers never wait for it.
 * PostgreSQL uses a pool of up to 8 connections; gateway replicas can share one database.
 *
 * <p>Failures: {@link IllegalArgumentException} for a trace no database can hold (missing id or start,
 * duplicate span ids) or a malformed page token, which no retry fixes; {@link TraceStoreException} for
 * everything the database does wrong (gone, locked, full, read-only), which a later retry may fix, and after
 * {@link #close()}.
 */
public final class JdbcTraceStore implements TraceStore {
    private final Database db;
    private final Experiments experiments = new Experiments();
    private volatile boolean closed;

    private JdbcTraceStore(Database db) {
        this.db = db;
    }

    /**
     * Opens the store at {@code url}: {@code jdbc:sqlite:<file>} (created with its directory if missing),
     * a plain path ending in {@code .db}, {@code .sqlite} or {@code .sqlite3} (SQLite), or
     * {@code jdbc:postgresql://<host>:<port>/<database>?user=…&password=…}. Creates or upgrades the schema.
     *
     * @throws TraceStoreException naming the problem and its fix when the URL is not one of these, the
     *     database cannot be reached or created, is read-only, or has a schema from a newer mlflowlite
     */
    public static JdbcTraceStore open(String url) {
        return new JdbcTraceStore(Database.open(StoreUrl.parse(url), Purpose.TRACES));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The traces are validated and serialised before the transaction starts; when the same id appears twice
     * in {@code traces}, the last one is stored.
     *
     * @throws IllegalArgumentException for a trace that can never be stored; nothing is written then
     * @throws TraceStoreException when the database fails; nothing is written then
     */
    @Override
    public void write(List<Trace> traces) {
        Objects.requireNonNull(traces, "traces");
        if (traces.isEmpty()) {
            return;
        }
        Map<String, TraceRow> byId = new LinkedHashMap<>();
        for (Trace trace : traces) {
            TraceRow row = TraceRow.of(trace);
            byId.put(row.traceId(), row);
        }
        List<TraceRow> rows = new ArrayList<>(byId.values());
        rows.sort(Comparator.comparing(TraceRow::traceId));
        Set<String> names = new TreeSet<>();
        rows.forEach(r -> names.add(r.experiment()));
        writing(
                "write " + count(rows.size()),
                jdbi -> jdbi.withHandle(h -> {
                    Map<String, String> experimentIds = experiments.ids(h, names);
                    h.useTransaction(tx -> {
                        try {
                            TraceWrites.write(tx.getConnection(), db.dialect(), rows, experimentIds);
                        } catch (SQLException e) {
                            // rolls the transaction back and reaches writing() as the JdbiException every failure is
                            throw new UnableToExecuteStatementException("write traces", e, null);
                        }
                    });
                    return null;
                }));
    }

    @Override
    public Optional<Trace> get(String traceId) {
        Objects.requireNonNull(traceId, "traceId");
        return reading("read trace " + traceId, h -> TraceReads.get(h, traceId));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Pages follow (start time, trace id) descending, so paging while traces are written shows no trace
     * twice. On SQLite, {@code minCost} compares at double precision (about 15 significant digits); stored
     * costs themselves are always exact.
     *
     * @throws IllegalArgumentException for a page token this store did not hand out
     */
    @Override
    public TracePage search(TraceQuery query) {
        Objects.requireNonNull(query, "query");
        if (query.pageToken() != null) {
            PageToken.decode(query.pageToken());
        }
        return reading("search traces", h -> TraceReads.search(h, db.dialect(), query));
    }

    /** {@inheritDoc} One query over the traces' columns (and the tag index for {@code withoutTags}). */
    @Override
    public List<TracePoint> points(Instant from, Instant to, java.util.Set<String> withoutTags, int limit) {
        return reading(
                "read trace points",
                h -> TraceReads.points(h, TraceJson.epochNanos(from), TraceJson.epochNanos(to), withoutTags, limit));
    }

    @Override
    public long countTraces() {
        return reading(
                "count traces",
                h -> h.createQuery("SELECT COUNT(*) FROM traces")
                        .mapTo(Long.class)
                        .one());
    }

    /** {@inheritDoc} The trace need not be stored: the assessments table has no foreign key to traces. */
    @Override
    public void logAssessment(Assessment assessment) {
        Objects.requireNonNull(assessment, "assessment");
        writing(
                "log assessment " + assessment.name() + " of trace " + assessment.traceId(),
                jdbi -> jdbi.withHandle(h -> {
                    AssessmentRows.upsert(h, assessment);
                    return null;
                }));
    }

    @Override
    public Map<String, List<Assessment>> assessments(Collection<String> traceIds) {
        Objects.requireNonNull(traceIds, "traceIds");
        if (traceIds.isEmpty()) {
            return Map.of();
        }
        return reading("read assessments", h -> AssessmentRows.of(h, traceIds));
    }

    /** {@inheritDoc} One query: the assessments joined to the trace tags' (key, value, trace id) index. */
    @Override
    public Map<String, List<Assessment>> assessmentsWithTags(Map<String, String> tags) {
        Objects.requireNonNull(tags, "tags");
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("assessmentsWithTags needs at least one tag to match");
        }
        return reading("read assessments by tags " + tags, h -> AssessmentRows.withTags(h, tags));
    }

    /** {@inheritDoc} Their spans, tags and assessments go with them. */
    @Override
    public int delete(Collection<String> traceIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(traceIds));
        if (ids.isEmpty()) {
            return 0;
        }
        return writing(
                "delete " + count(ids.size()),
                jdbi -> jdbi.inTransaction(h -> {
                    int deleted = 0;
                    for (int i = 0; i < ids.size(); i += TraceWrites.IN_LIST) {
                        h.createUpdate("DELETE FROM assessments WHERE trace_id IN (<ids>)")
                                .bindList("ids", ids.subList(i, Math.min(ids.size(), i + TraceWrites.IN_LIST)))
                                .execute();
                        deleted += h.createUpdate("DELETE FROM traces WHERE trace_id IN (<ids>)")
                                .bindList("ids", ids.subList(i, Math.min(ids.size(), i + TraceWrites.IN_LIST)))
                                .execute();
                    }
                    return deleted;
                }));
    }

    /**
     * {@inheritDoc} Their spans, tags and assessments go with them, and so do assessments logged before the cutoff
     * whose trace was never stored.
     */
    @Override
    public int deleteOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        long nanos = TraceJson.epochNanos(cutoff);
        return writing(
                "delete traces older than " + cutoff,
                jdbi -> jdbi.inTransaction(h -> {
                    h.createUpdate("DELETE FROM assessments WHERE trace_id IN "
                                    + "(SELECT t.trace_id FROM traces t WHERE t.start_time < :cutoff)")
                            .bind("cutoff", nanos)
                            .execute();
                    h.createUpdate("DELETE FROM assessments WHERE created < :cutoff AND NOT EXISTS "
                                    + "(SELECT 1 FROM traces t WHERE t.trace_id = assessments.trace_id)")
                            .bind("cutoff", nanos)
                            .execute();
                    return h.createUpdate("DELETE FROM traces WHERE start_time < :cutoff")
                            .bind("cutoff", nanos)
                            .execute();
                }));
    }

    /** {@code sqlite:<file as given>} or {@code postgresql://<host>:<port>/<database>}, without credentials. */
    @Override
    public String describe() {
        return db.url().description();
    }

    /** Closes the connections; idempotent. Calls after this throw {@link TraceStoreException}. */
    @Override
    public void close() {
        closed = true;
        db.close();
    }

    @Override
    public String toString() {
        return "JdbcTraceStore[" + describe() + "]";
    }

    private <T> T writing(String what, Function<Jdbi, T> work) {
        ensureOpen(what);
        try {
            return db.writing(work);
        } catch (JdbiException e) {
            throw Failures.inUse(db.url(), Purpose.TRACES, what, e);
        }
    }

    private <T> T reading(String what, Function<Handle, T> work) {
        ensureOpen(what);
        try {
            return db.reader().inTransaction(db.dialect().snapshotIsolation(), work::apply);
        } catch (JdbiException e) {
            throw Failures.inUse(db.url(), Purpose.TRACES, what, e);
        }
    }

    private static String count(int traces) {
        return traces == 1 ? "1 trace" : traces + " traces";
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new TraceStoreException("Could not " + what + ": the trace store " + describe() + " is closed");
        }
    }
}
