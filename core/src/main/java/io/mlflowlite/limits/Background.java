package io.mlflowlite.limits;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Work the limiter keeps off the caller's thread (recording usage in a remote counter, sending webhooks), each task
 * on its own virtual thread, with a count of tasks in flight so {@link #awaitIdle} can wait for them. Thread-safe.
 */
final class Background implements AutoCloseable {
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("mlflowlite-limits-", 0).factory());
    private final AtomicInteger pending = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Consumer<RuntimeException> onFailure;

    Background(Consumer<RuntimeException> onFailure) {
        this.onFailure = onFailure;
    }

    /** Runs {@code task} on a new virtual thread; after {@link #close()}, on the caller's. */
    void run(Runnable task) {
        pending.incrementAndGet();
        try {
            executor.execute(() -> runCounted(task));
        } catch (RejectedExecutionException closed) {
            runCounted(task);
        }
    }

    /** Waits until no task is in flight, at most {@code timeout}; returns whether none is. */
    boolean awaitIdle(Duration timeout) {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (pending.get() > 0) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return pending.get() == 0;
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking tasks and waits up to 5 s for those in flight. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runCounted(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            onFailure.accept(e);
        } finally {
            if (pending.decrementAndGet() == 0) {
                lock.lock();
                try {
                    idle.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
