package io.mlflowlite.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One window of a {@link Period}: counts in it start at zero at {@link #start()} and stop mattering at
 * {@link #end()}. Obtain one with {@link Period#windowAt(Instant)}.
 *
 * @param period the period this window is one of
 * @param start  inclusive
 * @param end    exclusive
 */
public record Window(Period period, Instant start, Instant end) {
    public Window {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("A window must end after it starts: " + start + " .. " + end);
        }
    }

    /** How long until this window ends, seen at {@code now}; zero once it has. */
    public Duration remainingAt(Instant now) {
        Duration left = Duration.between(now, end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The window's length. */
    public Duration length() {
        return Duration.between(start, end);
    }
}
