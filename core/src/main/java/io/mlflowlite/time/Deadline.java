package io.mlflowlite.time;

import java.time.Duration;

/** A point in time a call must finish by, on a {@link TimeSource}. Immutable. */
public final class Deadline {
    private final TimeSource time;
    private final long deadlineNanos;
    private final Duration budget;

    private Deadline(TimeSource time, Duration budget) {
        this.time = time;
        this.budget = budget;
        this.deadlineNanos = time.nanoTime() + budget.toNanos();
    }

    /** A deadline {@code budget} from now. */
    public static Deadline after(TimeSource time, Duration budget) {
        return new Deadline(time, budget);
    }

    /** Time left; zero or negative once passed. */
    public Duration remaining() {
        return Duration.ofNanos(deadlineNanos - time.nanoTime());
    }

    public boolean passed() {
        return deadlineNanos - time.nanoTime() <= 0;
    }

    /** The budget the deadline was set with. */
    public Duration budget() {
        return budget;
    }

    /** The smaller of {@code timeout} and the time left (never negative). */
    public Duration clip(Duration timeout) {
        Duration left = remaining();
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return timeout.compareTo(left) < 0 ? timeout : left;
    }
}
