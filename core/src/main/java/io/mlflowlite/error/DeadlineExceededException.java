package io.mlflowlite.error;

import java.time.Duration;

/** The call's overall deadline passed before a response was complete. Not retried: the time is spent. */
public final class DeadlineExceededException extends MlflowliteException {
    public DeadlineExceededException(Duration deadline, Throwable lastFailure) {
        super(
                "Deadline of " + deadline.toMillis() + " ms exceeded"
                        + (lastFailure == null ? "" : "; last failure: " + lastFailure.getMessage()),
                lastFailure);
    }
}
