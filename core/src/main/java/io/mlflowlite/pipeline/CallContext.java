package io.mlflowlite.pipeline;

import io.mlflowlite.error.Attempt;
import io.mlflowlite.time.Deadline;
import io.mlflowlite.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State shared by the steps of one call: its clock and deadline, the attempts made so far, and attributes
 * steps hand each other (the trace span, the A/B variant …). Thread-safe.
 */
public final class CallContext {
    private final TimeSource time;
    private final long startNanos;
    private final Deadline deadline;
    private final Duration attemptTimeout;
    private final List<Attempt> attempts = new ArrayList<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    public CallContext(TimeSource time, Duration attemptTimeout, Duration deadline) {
        this.time = time;
        this.startNanos = time.nanoTime();
        this.attemptTimeout = attemptTimeout;
        this.deadline = Deadline.after(time, deadline);
    }

    public TimeSource time() {
        return time;
    }

    public Deadline deadline() {
        return deadline;
    }

    /** The timeout of each attempt (and of each wait between streamed chunks). */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** Time since the call entered the pipeline. */
    public Duration elapsed() {
        return Duration.ofNanos(time.nanoTime() - startNanos);
    }

    /**
     * Records an attempt that started at {@code startedNanos} (on {@link #time()}) and ends now; numbers are
     * assigned in order. Returns the recorded attempt.
     */
    public synchronized Attempt record(
            String model,
            String provider,
            Attempt.Outcome outcome,
            int status,
            String error,
            long startedNanos,
            Duration backoff) {
        Duration latency = Duration.ofNanos(time.nanoTime() - startedNanos);
        Duration offset = Duration.ofNanos(startedNanos - startNanos);
        Attempt attempt =
                new Attempt(attempts.size() + 1, model, provider, outcome, status, error, offset, latency, backoff);
        attempts.add(attempt);
        return attempt;
    }

    /** The attempts so far, in order. */
    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public void attribute(String key, Object value) {
        attributes.put(key, value);
    }

    @SuppressWarnings("unchecked")
    public <T> Optional<T> attribute(String key) {
        return Optional.ofNullable((T) attributes.get(key));
    }
}
