package io.mlflowlite.migrate;

import io.mlflowlite.error.MlflowliteException;

/** The migration store failed or refused a change; the message says what to fix. */
public class MigrationStoreException extends MlflowliteException {

    public MigrationStoreException(String message) {
        super(message);
    }

    public MigrationStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
