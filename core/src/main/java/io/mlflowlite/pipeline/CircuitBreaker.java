package io.mlflowlite.pipeline;

import io.mlflowlite.time.TimeSource;
import java.time.Duration;

/**
 * One deployment's breaker: after {@code threshold} consecutive retryable failures it opens for
 * {@code cooldown}; then it lets a single probe through (half-open) whose success closes it and whose
 * failure opens it again. Thread-safe.
 */
public final class CircuitBreaker {
    /** Breaker settings; {@code threshold <= 0} disables breaking. */
    public record Policy(int threshold, Duration cooldown) {
        public static final Policy DEFAULT = new Policy(5, Duration.ofSeconds(30));
        public static final Policy DISABLED = new Policy(0, Duration.ZERO);
    }

    /** The breaker's state. */
    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final Policy policy;
    private final TimeSource time;
    private int consecutiveFailures;
    private State state = State.CLOSED;
    private long openedAt;
    private boolean probing;

    public CircuitBreaker(Policy policy, TimeSource time) {
        this.policy = policy;
        this.time = time;
    }

    /** Whether a call may go through now; in half-open state only one probe at a time may. */
    public synchronized boolean tryAcquire() {
        if (policy.threshold() <= 0 || state == State.CLOSED) {
            return true;
        }
        if (state == State.OPEN
                && time.nanoTime() - openedAt >= policy.cooldown().toNanos()) {
            state = State.HALF_OPEN;
            probing = false;
        }
        if (state == State.HALF_OPEN && !probing) {
            probing = true;
            return true;
        }
        return false;
    }

    /** Time until the next probe may go through; zero unless open. */
    public synchronized Duration remainingCooldown() {
        if (state != State.OPEN) {
            return Duration.ZERO;
        }
        long left = policy.cooldown().toNanos() - (time.nanoTime() - openedAt);
        return Duration.ofNanos(Math.max(0, left));
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        state = State.CLOSED;
        probing = false;
    }

    /** Counts a failure that says the deployment is unhealthy (retryable ones); others do not count. */
    public synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || (policy.threshold() > 0 && consecutiveFailures >= policy.threshold())) {
            state = State.OPEN;
            openedAt = time.nanoTime();
            probing = false;
        }
    }

    /** A failure that says nothing about the deployment's health (a bad request) ends a probe without judging. */
    public synchronized void onNeutral() {
        probing = false;
    }

    public synchronized State state() {
        return state;
    }
}
