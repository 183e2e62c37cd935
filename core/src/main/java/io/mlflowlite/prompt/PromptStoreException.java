package io.mlflowlite.prompt;

import io.mlflowlite.error.MlflowliteException;

/**
 * The database behind the prompt registry failed: unreachable, read-only, wrong URL, or a schema newer than this
 * version. Retryable: a later call may find it back. At start-up the message says what to fix.
 */
public class PromptStoreException extends MlflowliteException {
    public PromptStoreException(String message) {
        super(message);
    }

    public PromptStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
