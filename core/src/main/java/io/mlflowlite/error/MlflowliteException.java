package io.mlflowlite.error;

import java.util.List;
import java.util.Optional;

/**
 * Base of every exception mlflowlite throws. Unchecked: each subtype stands for a decision a caller makes
 * (fix the request, wait and retry, give up).
 *
 * <p>When the failure ended a call that went through the retry and fallback chain, {@link #attempts()}
 * tells what each attempt did and why it failed.
 */
public class MlflowliteException extends RuntimeException {
    private volatile List<Attempt> attempts = List.of();
    private volatile String traceId;

    public MlflowliteException(String message) {
        super(message);
    }

    public MlflowliteException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether trying the same call again (later, or elsewhere) may succeed. */
    public boolean retryable() {
        return false;
    }

    /** The attempts made before this failure ended the call; empty when it failed before any attempt. */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** The trace that recorded the failed call, when tracing was on: look it up to see every attempt. */
    public Optional<String> traceId() {
        return Optional.ofNullable(traceId);
    }

    /** Records the trace of the call this failure ended. Used by tracing; returns {@code this}. */
    public MlflowliteException withTraceId(String traceId) {
        this.traceId = traceId;
        return this;
    }

    /** Records the attempts of the call this failure ended. Used by the pipeline; returns {@code this}. */
    public MlflowliteException withAttempts(List<Attempt> attempts) {
        this.attempts = List.copyOf(attempts);
        return this;
    }
}
