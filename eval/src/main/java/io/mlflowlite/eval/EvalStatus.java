package io.mlflowlite.eval;

/** Where an evaluation run is. A finished run may hold row errors: {@link EvaluationResult#hasErrors()} says so. */
public enum EvalStatus {
    /** Rows are being predicted and scored (a run the store saw start and not end is still RUNNING). */
    RUNNING,
    /** Every row was processed; rows and feedbacks in error can be filled by a resume. */
    FINISHED,
    /** The run stopped before processing every row (interrupted, or the engine failed). */
    FAILED
}
