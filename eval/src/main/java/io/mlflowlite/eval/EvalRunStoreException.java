package io.mlflowlite.eval;

import io.mlflowlite.error.MlflowliteException;

/** The evaluation run store failed (unreachable, read-only, unknown run); the message says which and what to fix. */
public class EvalRunStoreException extends MlflowliteException {
    public EvalRunStoreException(String message) {
        super(message);
    }

    public EvalRunStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
