package io.mlflowlite.eval;

import io.mlflowlite.error.MlflowliteException;
import java.math.BigDecimal;

/**
 * The run's judge cost cap is reached, so no further judge call is made; the feedbacks that needed one are
 * "skipped: judge cost cap $X reached" (a resume with a higher cap fills them).
 */
public class CostCapReachedException extends MlflowliteException {
    private final BigDecimal capUsd;

    public CostCapReachedException(BigDecimal capUsd, BigDecimal spentUsd) {
        super("judge cost cap $" + capUsd.stripTrailingZeros().toPlainString() + " reached (spent $"
                + spentUsd.stripTrailingZeros().toPlainString() + ")");
        this.capUsd = capUsd;
    }

    /** The cap, in US dollars. */
    public BigDecimal capUsd() {
        return capUsd;
    }
}
