package io.mlflowlite.eval;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Tokens and dollars spent, summed exactly: the application's (its predictions) or the judges' (their model
 * calls), which a run always reports separately. Immutable.
 *
 * @param inputTokens  input tokens
 * @param outputTokens output tokens
 * @param costUsd      US dollars, exact (trailing zeros stripped); zero for unpriced models
 */
public record EvalUsage(long inputTokens, long outputTokens, BigDecimal costUsd) {
    public static final EvalUsage ZERO = new EvalUsage(0, 0, BigDecimal.ZERO);

    public EvalUsage {
        Objects.requireNonNull(costUsd, "costUsd");
        // one representation per amount, so equal spends are equal records whatever scale they were summed at
        costUsd = costUsd.signum() == 0 ? BigDecimal.ZERO : costUsd.stripTrailingZeros();
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException(
                    "token counts must not be negative: " + inputTokens + ", " + outputTokens);
        }
    }

    /** Input plus output tokens. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** The exact sum of both. */
    public EvalUsage plus(EvalUsage other) {
        return new EvalUsage(
                inputTokens + other.inputTokens, outputTokens + other.outputTokens, costUsd.add(other.costUsd));
    }

    /** {@code 1,234 tokens, $0.001234}. */
    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "%,d tokens, $%s",
                totalTokens(),
                costUsd.stripTrailingZeros().toPlainString());
    }
}
