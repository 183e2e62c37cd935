package io.mlflowlite.error;

/** The connection to the provider failed: refused, reset, closed mid-response. Retryable. */
public final class ConnectionException extends MlflowliteException {
    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
