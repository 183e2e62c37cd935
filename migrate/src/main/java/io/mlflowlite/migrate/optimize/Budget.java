package io.mlflowlite.migrate.optimize;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The budget as it is spent. Every model call first {@link #acquire}s a slot: calls are never exceeded (the count
 * is checked and taken under one lock); with a cost cap a call is refused when the dollars spent, plus what the calls
 * in flight may cost, plus the most expensive call seen so far would cross the cap (the first call of a capped run
 * goes alone, since nothing is known about its price yet). Thread-safe.
 */
final class Budget {
    private final OptimizationBudget limits;
    private final long startNanos = System.nanoTime();
    private final long elapsedBeforeMillis;
    private int calls;
    private int targetCalls;
    private int reflectionCalls;
    private BigDecimal cost;
    private BigDecimal maxCallCost = BigDecimal.ZERO;
    private boolean priceKnown;
    private BigDecimal reserved = BigDecimal.ZERO;
    private int inFlight;

    Budget(
            OptimizationBudget limits,
            int calls,
            int targetCalls,
            int reflectionCalls,
            BigDecimal cost,
            long elapsedBeforeMillis) {
        this.limits = limits;
        this.calls = calls;
        this.targetCalls = targetCalls;
        this.reflectionCalls = reflectionCalls;
        this.cost = cost;
        this.elapsedBeforeMillis = elapsedBeforeMillis;
    }

    /** A slot for one call; {@code null} when the budget refuses it. Release it with {@link #release}. */
    synchronized Slot acquire(boolean reflection) {
        if (calls >= limits.maxCalls() || timeUp()) {
            return null;
        }
        BigDecimal estimate = maxCallCost;
        if (limits.maxCost().isPresent()) {
            while (!priceKnown && inFlight > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            estimate = maxCallCost;
            if (cost.add(reserved).add(estimate).compareTo(limits.maxCost().get()) > 0
                    || (priceKnown && cost.compareTo(limits.maxCost().get()) >= 0)) {
                return null;
            }
        }
        if (calls >= limits.maxCalls()) {
            return null;
        }
        calls++;
        if (reflection) {
            reflectionCalls++;
        } else {
            targetCalls++;
        }
        reserved = reserved.add(estimate);
        inFlight++;
        return new Slot(estimate);
    }

    /** Ends a call that cost {@code actual} dollars (zero when it failed). */
    synchronized void release(Slot slot, BigDecimal actual) {
        reserved = reserved.subtract(slot.estimate);
        inFlight--;
        cost = cost.add(actual);
        if (actual.compareTo(maxCallCost) > 0) {
            maxCallCost = actual;
        }
        priceKnown = true;
        notifyAll();
    }

    /** Dollars spent outside the counted calls (judge calls of LLM scorers). */
    synchronized void addCost(BigDecimal usd) {
        cost = cost.add(usd);
    }

    /** Whether {@code n} more calls fit: the calls left, the time, and {@code n} times the dearest call so far. */
    synchronized boolean canAfford(int n) {
        if (calls + n > limits.maxCalls() || timeUp()) {
            return false;
        }
        return limits.maxCost().isEmpty()
                || cost.add(maxCallCost.multiply(BigDecimal.valueOf(n)))
                                .compareTo(limits.maxCost().get())
                        <= 0;
    }

    synchronized boolean timeUp() {
        return limits.maxTime().isPresent()
                && elapsed().compareTo(limits.maxTime().get()) >= 0;
    }

    synchronized int callsLeft() {
        return limits.maxCalls() - calls;
    }

    Duration elapsed() {
        return Duration.ofMillis(elapsedBeforeMillis + (System.nanoTime() - startNanos) / 1_000_000);
    }

    synchronized BudgetUsed used() {
        return new BudgetUsed(calls, targetCalls, reflectionCalls, cost, elapsed());
    }

    /** One call's reservation. */
    static final class Slot {
        private final BigDecimal estimate;

        private Slot(BigDecimal estimate) {
            this.estimate = estimate;
        }
    }
}
