package io.mlflowlite.experiments;

import io.mlflowlite.error.MlflowliteException;

/** The experiment store failed or refused a change; the message says what to fix. */
public class ExperimentStoreException extends MlflowliteException {

    public ExperimentStoreException(String message) {
        super(message);
    }

    public ExperimentStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
