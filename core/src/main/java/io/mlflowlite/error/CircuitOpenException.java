package io.mlflowlite.error;

import java.time.Duration;

/** The deployment failed repeatedly and its circuit breaker is open; calls skip it until the cooldown ends. */
public final class CircuitOpenException extends MlflowliteException {
    public CircuitOpenException(String deployment, Duration remaining) {
        super("Circuit open for " + deployment + " after consecutive failures; next probe in " + remaining.toMillis()
                + " ms");
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
