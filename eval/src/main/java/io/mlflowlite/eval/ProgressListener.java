package io.mlflowlite.eval;

/**
 * Hears a run's progress (the CLI draws a bar with an ETA from it). Called once per finished row, from the thread
 * that finished it, so calls may be concurrent and out of row order; {@link EvalProgress#done()} only grows.
 *
 * <p>Contract: fast, never throws (an exception is ignored), no blocking I/O.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores progress. */
    ProgressListener NONE = (progress, row) -> {};

    /** {@code row} just finished; {@code progress} counts it. */
    void onRow(EvalProgress progress, RowResult row);
}
