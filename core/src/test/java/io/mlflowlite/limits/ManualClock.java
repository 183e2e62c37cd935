package io.mlflowlite.limits;

import io.mlflowlite.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until a test moves it. Thread-safe. Public for the store and redis modules' tests. */
public final class ManualClock implements TimeSource {
    private final Instant origin;
    private final AtomicLong elapsedNanos = new AtomicLong();

    public ManualClock(Instant start) {
        this.origin = start;
    }

    /** A clock at the start of the current real minute plus {@code offset}, so Redis TTLs stay realistic. */
    public static ManualClock thisMinutePlus(Duration offset) {
        return new ManualClock(
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(offset));
    }

    @Override
    public long nanoTime() {
        return elapsedNanos.get();
    }

    @Override
    public Instant now() {
        return origin.plusNanos(elapsedNanos.get());
    }

    @Override
    public void sleep(Duration duration) {
        advance(duration);
    }

    public void advance(Duration duration) {
        elapsedNanos.addAndGet(duration.toNanos());
    }
}
