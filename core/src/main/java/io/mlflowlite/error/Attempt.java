package io.mlflowlite.error;

import java.time.Duration;
import java.util.Optional;

/**
 * What one attempt of a call did: which deployment it tried, how it ended, and why it failed.
 *
 * @param number   1-based, across retries and fallbacks
 * @param model    the model name as requested for this attempt (the primary or a fallback)
 * @param provider the provider that served (or refused) it
 * @param outcome  how it ended
 * @param status   the HTTP status when the provider answered with an error; 0 otherwise
 * @param error    the failure's message; null on success
 * @param startOffset when the attempt started, counted from the call entering the pipeline
 * @param latency  how long the attempt took
 * @param backoff  how long the pipeline waited before this attempt
 */
public record Attempt(
        int number,
        String model,
        String provider,
        Outcome outcome,
        int status,
        String error,
        Duration startOffset,
        Duration latency,
        Duration backoff) {

    /** How an attempt ended. */
    public enum Outcome {
        SUCCESS,
        /** Failed, and the pipeline retried or moved to a fallback. */
        FAILED,
        /** Not sent: the deployment's circuit breaker was open, or it could not be set up (missing key). */
        SKIPPED
    }

    public Optional<String> errorMessage() {
        return Optional.ofNullable(error);
    }
}
