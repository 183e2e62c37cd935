package io.mlflowlite.error;

/**
 * The provider sent something that is not its wire format: invalid JSON, an SSE stream that ended before its
 * terminal event, a body missing required fields. Retryable, since it is usually a transient upstream fault.
 */
public final class MalformedResponseException extends MlflowliteException {
    public MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedResponseException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
