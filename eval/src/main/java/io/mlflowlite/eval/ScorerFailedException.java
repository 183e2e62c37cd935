package io.mlflowlite.eval;

import io.mlflowlite.error.MlflowliteException;

/** A scorer threw a checked exception or returned something that is not a score; becomes an error feedback. */
final class ScorerFailedException extends MlflowliteException {
    ScorerFailedException(String scorer, Throwable cause) {
        super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }

    ScorerFailedException(String message) {
        super(message);
    }
}
