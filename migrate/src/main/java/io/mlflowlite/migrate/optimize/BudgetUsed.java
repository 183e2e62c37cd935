package io.mlflowlite.migrate.optimize;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * What an optimization spent. Immutable.
 *
 * @param calls           model calls, target and reflection together (never more than the budget's)
 * @param targetCalls     calls to the target model (candidate evaluations)
 * @param reflectionCalls calls to the reflection model
 * @param costUsd         US dollars of every call, judge calls of LLM scorers included
 * @param elapsed         wall-clock time, over every resumed run together
 */
public record BudgetUsed(int calls, int targetCalls, int reflectionCalls, BigDecimal costUsd, Duration elapsed) {
    @Override
    public String toString() {
        return calls + " calls (" + targetCalls + " target, " + reflectionCalls + " reflection), $"
                + costUsd.stripTrailingZeros().toPlainString() + ", " + elapsed.toMillis() + " ms";
    }
}
