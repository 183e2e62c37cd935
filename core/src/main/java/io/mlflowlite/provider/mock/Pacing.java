package io.mlflowlite.provider.mock;

import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.provider.ProviderCall;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The simulated waits: they never outlast the call's wait budget (a wait longer than the budget sleeps the
 * budget, then fails as a timeout, as a slow upstream would), wake early when a stream is closed, and
 * stay interruptible.
 */
final class Pacing {
    private Pacing() {}

    /**
     * Waits {@code nanos}, or until {@code closed} opens (null: never).
     *
     * @return true when the time passed, false when the stream was closed first
     * @throws AttemptTimeoutException when {@code nanos} exceeds the wait budget, after waiting the budget
     * @throws MlflowliteException     when the thread is interrupted (its interrupt flag is kept)
     */
    static boolean await(long nanos, ProviderCall call, CountDownLatch closed) {
        Duration budget = call.waitBudget();
        boolean overBudget = nanos > budget.toNanos();
        long wait = overBudget ? budget.toNanos() : nanos;
        boolean woken = false;
        try {
            if (closed != null) {
                woken = closed.await(wait, TimeUnit.NANOSECONDS);
            } else if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowliteException(
                    "Interrupted while waiting for " + call.deployment().provider(), e);
        }
        if (woken) {
            return false;
        }
        if (overBudget) {
            throw new AttemptTimeoutException(call.deployment().provider(), budget, null);
        }
        return true;
    }
}
