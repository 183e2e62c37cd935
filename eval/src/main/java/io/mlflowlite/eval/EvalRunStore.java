package io.mlflowlite.eval;

import java.util.List;
import java.util.Optional;

/**
 * Where evaluation runs live: {@link InMemoryEvalRunStore} for one process; the store module's JDBC store
 * (SQLite, PostgreSQL) to keep runs, compare them later and share them between machines. An
 * {@link Evaluation} saves its run header when it starts, each row as it finishes (so a run that dies half-way
 * keeps what it did), and the header again when it ends; a resume saves the rows it redid and the header.
 *
 * <p>Contract: thread-safe (rows are saved from many threads at once); every method may block on I/O; failures of
 * the backing store are {@link EvalRunStoreException}s. Values are stored as given and read back equal
 * ({@link EvalJson} is the JSON shape of runs, rows and feedbacks, for stores that keep documents).
 */
public interface EvalRunStore extends AutoCloseable {
    /** Inserts the run, or replaces the stored run with the same {@link EvalRun#runId()}. */
    void saveRun(EvalRun run);

    /**
     * Inserts rows of run {@code runId}, replacing stored rows with the same {@link RowResult#index()}.
     *
     * @throws EvalRunStoreException when the run was never saved
     */
    void saveRows(String runId, List<RowResult> rows);

    /** The run {@code runId}'s header. */
    Optional<EvalRun> run(String runId);

    /** The rows of run {@code runId}, by index; empty for an unknown run. */
    List<RowResult> rows(String runId);

    /** The newest runs first (by start time, then run id), at most {@code limit}. */
    List<EvalRun> recent(int limit);

    /** Runs whose name contains {@code query} (case-insensitive; empty matches all), newest first, at most {@code limit}. */
    List<EvalRun> searchByName(String query, int limit);

    /** The run with its rows, ready to aggregate, print or compare. */
    default Optional<EvaluationResult> get(String runId) {
        return run(runId).map(run -> EvaluationResult.of(run, rows(runId)));
    }

    /** Where the runs are, without credentials: {@code memory}, {@code sqlite:mlflowlite.db} … */
    String describe();

    /** Releases connections; idempotent. */
    @Override
    void close();
}
