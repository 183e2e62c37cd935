package io.mlflowlite.experiments.scoring;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Dollars spent on judge calls in the current UTC hour and day, against optional caps. A call is allowed while
 * the spend of both windows is under their caps; a call already under way may take the spend over (its cost is
 * known only afterwards), so a cap is exceeded by at most the calls in flight. Thread-safe.
 */
final class JudgeBudget {
    private final BigDecimal perHour;
    private final BigDecimal perDay;
    private final Clock clock;
    private Instant hour = Instant.EPOCH;
    private Instant day = Instant.EPOCH;
    private BigDecimal hourSpent = BigDecimal.ZERO;
    private BigDecimal daySpent = BigDecimal.ZERO;
    private BigDecimal total = BigDecimal.ZERO;

    JudgeBudget(BigDecimal perHour, BigDecimal perDay, Clock clock) {
        this.perHour = perHour;
        this.perDay = perDay;
        this.clock = clock;
    }

    /** A cap that was reached: its dollars and the spend of its window. */
    record Reached(BigDecimal capUsd, BigDecimal spentUsd) {}

    /** Null when a call may be made now; else the cap that was reached. */
    synchronized Reached reached() {
        roll();
        if (perHour != null && hourSpent.compareTo(perHour) >= 0) {
            return new Reached(perHour, hourSpent);
        }
        if (perDay != null && daySpent.compareTo(perDay) >= 0) {
            return new Reached(perDay, daySpent);
        }
        return null;
    }

    synchronized void spend(BigDecimal usd) {
        roll();
        hourSpent = hourSpent.add(usd);
        daySpent = daySpent.add(usd);
        total = total.add(usd);
    }

    synchronized BigDecimal total() {
        return total;
    }

    private void roll() {
        Instant now = clock.instant();
        Instant thisHour = now.truncatedTo(ChronoUnit.HOURS);
        Instant thisDay = now.truncatedTo(ChronoUnit.DAYS);
        if (!thisHour.equals(hour)) {
            hour = thisHour;
            hourSpent = BigDecimal.ZERO;
        }
        if (!thisDay.equals(day)) {
            day = thisDay;
            daySpent = BigDecimal.ZERO;
        }
    }
}
