package io.mlflowlite.suggest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** How numbers read in evidence: token counts with separators, percentages, dollars. */
final class Numbers {

    private Numbers() {}

    static String tokens(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    static String usd(BigDecimal amount) {
        return Suggestion.usd(amount);
    }

    /** {@code tokens × perMillion / 1,000,000}, exact. */
    static BigDecimal amount(long tokens, BigDecimal perMillion) {
        return BigDecimal.valueOf(tokens).multiply(perMillion).movePointLeft(6);
    }

    /** {@code part / whole} as a double, 0 when whole is zero. */
    static double share(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0
                ? 0
                : part.divide(whole, 6, RoundingMode.HALF_UP).doubleValue();
    }
}
