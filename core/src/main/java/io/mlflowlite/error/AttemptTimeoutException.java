package io.mlflowlite.error;

import java.time.Duration;

/** One attempt took longer than its timeout (slow headers, a stalled stream). Retryable. */
public final class AttemptTimeoutException extends MlflowliteException {
    public AttemptTimeoutException(String provider, Duration timeout, Throwable cause) {
        super(provider + " did not answer within " + timeout.toMillis() + " ms", cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
