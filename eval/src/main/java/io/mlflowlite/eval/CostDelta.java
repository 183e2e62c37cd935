package io.mlflowlite.eval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import java.util.Optional;

/**
 * What two runs spent: the application's predictions over the paired rows (so both sides answered the same
 * questions), and the judges' calls of each whole run (resumes included), always apart. Exact dollars. Immutable.
 *
 * @param baselineApp    the baseline's predictions over the paired rows
 * @param candidateApp   the candidate's predictions over the paired rows
 * @param baselineJudge  every judge call of the baseline run
 * @param candidateJudge every judge call of the candidate run
 */
public record CostDelta(
        EvalUsage baselineApp, EvalUsage candidateApp, EvalUsage baselineJudge, EvalUsage candidateJudge) {

    public CostDelta {
        Objects.requireNonNull(baselineApp, "baselineApp");
        Objects.requireNonNull(candidateApp, "candidateApp");
        Objects.requireNonNull(baselineJudge, "baselineJudge");
        Objects.requireNonNull(candidateJudge, "candidateJudge");
    }

    /** {@code candidate - baseline} application dollars: negative when the candidate is cheaper. */
    public BigDecimal appCostDelta() {
        return candidateApp.costUsd().subtract(baselineApp.costUsd());
    }

    /** {@code candidate - baseline} judge dollars. */
    public BigDecimal judgeCostDelta() {
        return candidateJudge.costUsd().subtract(baselineJudge.costUsd());
    }

    /** The application cost change relative to the baseline's ({@code 0.5} is 50 % more); empty when it was zero. */
    public Optional<Double> appCostChange() {
        if (baselineApp.costUsd().signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(appCostDelta()
                .divide(baselineApp.costUsd(), MathContext.DECIMAL64)
                .doubleValue());
    }
}
