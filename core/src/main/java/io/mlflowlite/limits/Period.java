package io.mlflowlite.limits;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The length of a limit's window. Windows are fixed and aligned in UTC (a minute starts at second 0, a day at
 * midnight UTC, a month on its first day at midnight UTC), so every replica computes the same window from its own
 * clock without talking to the others; a replica whose clock is off by a few seconds counts a few requests into
 * the neighbouring window, nothing worse.
 */
public enum Period {
    SECOND,
    MINUTE,
    HOUR,
    DAY,
    /** A calendar month in UTC: 28 to 31 days. */
    MONTH;

    /** The window of this period that contains {@code instant}. */
    public Window windowAt(Instant instant) {
        return switch (this) {
            case SECOND -> fixed(instant, ChronoUnit.SECONDS);
            case MINUTE -> fixed(instant, ChronoUnit.MINUTES);
            case HOUR -> fixed(instant, ChronoUnit.HOURS);
            case DAY -> fixed(instant, ChronoUnit.DAYS);
            case MONTH -> {
                LocalDate first = instant.atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
                yield new Window(
                        this,
                        first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                        first.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
        };
    }

    /** The lowercase name used in configuration, the CLI, the database and webhooks: {@code minute}, {@code month}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The period named {@code text}: {@code second}, {@code minute}, {@code hour}, {@code day} or {@code month}, in
     * any case (MLflow's {@code renewal_period} values). Throws {@link IllegalArgumentException} listing them.
     */
    public static Period parse(String text) {
        if (text != null) {
            for (Period p : values()) {
                if (p.key().equalsIgnoreCase(text.strip())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("Unknown window '" + text + "': use second, minute, hour, day or month");
    }

    private Window fixed(Instant instant, ChronoUnit unit) {
        Instant start = instant.truncatedTo(unit);
        return new Window(this, start, start.plus(Duration.of(1, unit)));
    }
}
