package io.mlflowlite.limits;

import io.mlflowlite.error.MlflowliteException;

/**
 * The database or Redis behind keys and usage counters failed: unreachable, read-only, wrong URL, or a schema
 * newer than this version. Retryable: a later call may find it back. At start-up the message says what to fix.
 */
public class LimitStoreException extends MlflowliteException {
    public LimitStoreException(String message) {
        super(message);
    }

    public LimitStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
