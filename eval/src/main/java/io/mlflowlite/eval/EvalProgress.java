package io.mlflowlite.eval;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a run is, after each row: enough for a progress bar with an ETA. Immutable.
 *
 * @param runId   the run
 * @param done    rows finished (predicted and scored), this one included
 * @param total   rows this run (or resume) processes
 * @param errors  finished rows with an error so far
 * @param elapsed time since the run (or resume) started
 * @param eta     the remaining time at the pace so far; empty before the first row finished
 */
public record EvalProgress(String runId, int done, int total, int errors, Duration elapsed, Optional<Duration> eta) {
    public EvalProgress {
        eta = eta == null ? Optional.empty() : eta;
    }

    /** {@code done/total} as a fraction, 1 for an empty run. */
    public double fraction() {
        return total == 0 ? 1 : (double) done / total;
    }

    /** The ETA at the average pace: {@code elapsed / done * (total - done)}. */
    static Optional<Duration> eta(Duration elapsed, int done, int total) {
        if (done <= 0) {
            return Optional.empty();
        }
        return Optional.of(elapsed.multipliedBy(total - done).dividedBy(done));
    }
}
