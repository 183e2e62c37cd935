package io.mlflowlite.tracing;

import io.mlflowlite.error.MlflowliteException;

/**
 * The trace store failed: unreachable, read-only, wrong URL, or a schema newer than this version knows.
 * Thrown at start-up with what to fix; on the write path it makes {@link TraceWriter} spill to disk.
 */
public class TraceStoreException extends MlflowliteException {
    public TraceStoreException(String message) {
        super(message);
    }

    public TraceStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
