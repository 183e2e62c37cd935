package io.mlflowlite.chat;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * How feedback values read as verdicts, numbers and text; shared by {@link Feedback}, evaluation aggregates,
 * tables and assertions. Stateless and thread-safe.
 */
public final class FeedbackValues {
    private static final Set<String> YES = Set.of("yes", "true", "pass", "passed");
    private static final Set<String> NO = Set.of("no", "false", "fail", "failed");

    private FeedbackValues() {}

    public static Optional<Boolean> asBoolean(Object value) {
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        if (value instanceof String s) {
            String text = s.strip().toLowerCase(Locale.ROOT);
            if (YES.contains(text)) {
                return Optional.of(true);
            }
            if (NO.contains(text)) {
                return Optional.of(false);
            }
        }
        return Optional.empty();
    }

    public static OptionalDouble asNumber(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
        }
        if (value instanceof String s) {
            try {
                double d = new BigDecimal(s.strip()).doubleValue();
                return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    public static String display(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            return number(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    /** Up to four decimals, trailing zeros dropped: {@code 0.8333}, {@code 2}. */
    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value)
                .setScale(4, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }
}
