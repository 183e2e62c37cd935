package io.mlflowlite.migrate.optimize;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link PromptOptimizer} may spend: model calls (target and reflection calls together; never exceeded),
 * optionally US dollars (target, reflection and judge calls; a call is not started when the most expensive call
 * seen so far could cross the cap) and wall-clock time (checked before every step). Immutable.
 *
 * <pre>{@code
 * OptimizationBudget.calls(300).withMaxCost(new BigDecimal("0.50")).withMaxTime(Duration.ofMinutes(10))
 * }</pre>
 *
 * @param maxCalls the most model calls, target and reflection together (at least 1)
 * @param maxCost  the most US dollars, if capped
 * @param maxTime  the most wall-clock time, if capped
 */
public record OptimizationBudget(int maxCalls, Optional<BigDecimal> maxCost, Optional<Duration> maxTime) {
    /** The default budget: 300 calls, no cost or time cap. */
    public static final OptimizationBudget DEFAULT = calls(300);

    public OptimizationBudget {
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be at least 1, was " + maxCalls);
        }
        maxCost = Objects.requireNonNullElse(maxCost, Optional.empty());
        maxTime = Objects.requireNonNullElse(maxTime, Optional.empty());
        maxCost.ifPresent(c -> {
            if (c.signum() <= 0) {
                throw new IllegalArgumentException("maxCost must be positive, was " + c.toPlainString());
            }
        });
        maxTime.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("maxTime must be positive, was " + t);
            }
        });
    }

    /** At most {@code maxCalls} model calls. */
    public static OptimizationBudget calls(int maxCalls) {
        return new OptimizationBudget(maxCalls, Optional.empty(), Optional.empty());
    }

    /** This budget with a cost cap in US dollars. */
    public OptimizationBudget withMaxCost(BigDecimal usd) {
        return new OptimizationBudget(maxCalls, Optional.of(usd), maxTime);
    }

    /** This budget with a wall-clock cap. */
    public OptimizationBudget withMaxTime(Duration time) {
        return new OptimizationBudget(maxCalls, maxCost, Optional.of(time));
    }

    @Override
    public String toString() {
        return maxCalls + " calls" + maxCost.map(c -> ", $" + c.toPlainString()).orElse("")
                + maxTime.map(t -> ", " + t).orElse("");
    }
}
