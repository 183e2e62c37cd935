package io.mlflowlite.store;

import io.mlflowlite.eval.EvalRun;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStoreException;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.RowResult;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Evaluation runs in the {@code eval_runs} and {@code eval_rows} tables of SQLite or PostgreSQL (schema V5),
 * beside the traces their rows link to. Every save is one transaction: a run's header is one upsert, a list of rows
 * is upserted all together or not at all, so a resume that re-ran rows replaces exactly those rows (by index) and a
 * reader never sees half of a save. Thread-safe; every method blocks on the database. Failures of the database are
 * {@link EvalRunStoreException}s naming the database and the fix.
 *
 * <p>Open it with {@link #open(String)}, or by URL through {@link io.mlflowlite.eval.EvalRunStores#open}, which
 * finds {@link SqlEvalRunStoreProvider} with {@link java.util.ServiceLoader}.
 */
public final class JdbcEvalRunStore implements EvalRunStore {
    private static final String SELECT_RUN = "SELECT " + EvalRunRows.RUN_COLUMNS + " FROM eval_runs";
    private static final String NEWEST_FIRST = " ORDER BY started_at DESC, run_id DESC";

    private final Database db;
    private volatile boolean closed;

    private JdbcEvalRunStore(Database db) {
        this.db = db;
    }

    /**
     * Opens the run store at {@code url} ({@code jdbc:sqlite:<file>}, a {@code .db} path, or
     * {@code jdbc:postgresql://…}), creating or upgrading the schema.
     *
     * @throws EvalRunStoreException naming the problem and its fix when the database cannot be used
     */
    public static JdbcEvalRunStore open(String url) {
        return new JdbcEvalRunStore(Database.open(StoreUrl.parse(url, Purpose.EVAL_RUNS), Purpose.EVAL_RUNS));
    }

    @Override
    public void saveRun(EvalRun run) {
        writing(
                "save evaluation run '" + run.runId() + "'",
                h -> EvalRunRows.bindRun(h.createUpdate(EvalRunRows.UPSERT_RUN), db.dialect(), run)
                        .execute());
    }

    @Override
    public void saveRows(String runId, List<RowResult> rows) {
        // Rows in index order: two saves touching the same rows on PostgreSQL lock them in the same order.
        List<RowResult> ordered =
                rows.stream().sorted(Comparator.comparingInt(RowResult::index)).toList();
        writing(
                "save " + rows.size() + " row(s) of evaluation run '" + runId + "'",
                h -> h.inTransaction(tx -> {
                    // Locks the run's row on PostgreSQL (SQLite's write lock is already held), so the run cannot be
                    // deleted between this check and the rows' insert.
                    boolean known = tx.createQuery("SELECT run_id FROM eval_runs WHERE run_id = :id"
                                    + db.dialect().forUpdate())
                            .bind("id", runId)
                            .mapTo(String.class)
                            .findOne()
                            .isPresent();
                    if (!known) {
                        throw new EvalRunStoreException("No evaluation run '" + runId + "' to add rows to in "
                                + describe() + ": save the run first");
                    }
                    if (ordered.isEmpty()) {
                        return 0;
                    }
                    PreparedBatch batch = tx.prepareBatch(EvalRunRows.UPSERT_ROW);
                    for (RowResult row : ordered) {
                        EvalRunRows.addRow(batch, db.dialect(), runId, row);
                    }
                    return batch.execute().length;
                }));
    }

    @Override
    public Optional<EvalRun> run(String runId) {
        return reading(
                "read evaluation run '" + runId + "'",
                h -> h.createQuery(SELECT_RUN + " WHERE run_id = :id")
                        .bind("id", runId)
                        .map((rs, ctx) -> EvalRunRows.run(rs))
                        .findOne());
    }

    @Override
    public List<RowResult> rows(String runId) {
        return reading("read the rows of evaluation run '" + runId + "'", h -> rows(h, runId));
    }

    /** The header and the rows read in one snapshot, so a save running meanwhile shows wholly or not at all. */
    @Override
    public Optional<EvaluationResult> get(String runId) {
        return reading(
                "read evaluation run '" + runId + "'",
                h -> h.inTransaction(
                        db.dialect().snapshotIsolation(),
                        tx -> tx.createQuery(SELECT_RUN + " WHERE run_id = :id")
                                .bind("id", runId)
                                .map((rs, ctx) -> EvalRunRows.run(rs))
                                .findOne()
                                .map(run -> EvaluationResult.of(run, rows(tx, runId)))));
    }

    @Override
    public List<EvalRun> recent(int limit) {
        return reading(
                "list evaluation runs",
                h -> h.createQuery(SELECT_RUN + NEWEST_FIRST + " LIMIT :limit")
                        .bind("limit", Math.max(0, limit))
                        .map((rs, ctx) -> EvalRunRows.run(rs))
                        .list());
    }

    @Override
    public List<EvalRun> searchByName(String query, int limit) {
        String pattern = "%"
                + (query == null
                        ? ""
                        : query.toLowerCase(Locale.ROOT)
                                .replace("!", "!!")
                                .replace("%", "!%")
                                .replace("_", "!_"))
                + "%";
        return reading(
                "search evaluation runs",
                h -> h.createQuery(SELECT_RUN + " WHERE LOWER(name) LIKE :pattern ESCAPE '!'" + NEWEST_FIRST
                                + " LIMIT :limit")
                        .bind("pattern", pattern)
                        .bind("limit", Math.max(0, limit))
                        .map((rs, ctx) -> EvalRunRows.run(rs))
                        .list());
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
        return "JdbcEvalRunStore[" + describe() + "]";
    }

    private static List<RowResult> rows(Handle h, String runId) {
        return h.createQuery("SELECT " + EvalRunRows.ROW_COLUMNS + " FROM eval_rows WHERE run_id = :id "
                        + "ORDER BY row_index")
                .bind("id", runId)
                .map((rs, ctx) -> EvalRunRows.row(rs))
                .list();
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
            throw new EvalRunStoreException(
                    "Could not " + what + ": the evaluation run store " + describe() + " is closed");
        }
    }
}
