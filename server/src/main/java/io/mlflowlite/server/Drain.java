package io.mlflowlite.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The API requests in flight, and whether the server is draining: once {@link #start()} is called, no new
 * request {@linkplain #tryEnter() enters}, and {@link #awaitIdle} waits for those inside to leave. Entering and
 * leaving are lock-free; only the last one out while draining takes a lock, to wake the waiter. Thread-safe.
 */
final class Drain {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private volatile boolean draining;

    /** Admits a request unless draining; a {@code true} must be paired with {@link #leave()}. */
    boolean tryEnter() {
        inFlight.incrementAndGet();
        // checked after counting in, so a drain that started meanwhile either sees us or we see it
        if (draining) {
            leave();
            return false;
        }
        return true;
    }

    void leave() {
        if (inFlight.decrementAndGet() == 0 && draining) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    void start() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Waits until no request is in flight or {@code timeout} passed; returns whether it became idle. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (inFlight.get() > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Drain[inFlight=" + inFlight.get() + ", draining=" + draining + "]";
    }
}
