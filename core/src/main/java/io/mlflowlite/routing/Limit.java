package io.mlflowlite.routing;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * An endpoint's rate limit, MLflow's {@code limit: {calls, renewal_period, key}}: at most {@code calls} calls
 * per {@code renewalPeriod}. Parsed and exposed here; enforced by the gateway's limits. Immutable.
 *
 * @param calls         calls allowed per period, at least 1
 * @param renewalPeriod {@code SECONDS}, {@code MINUTES}, {@code HOURS}, {@code DAYS}, {@code MONTHS} or {@code YEARS}
 * @param key           what the limit is counted per (MLflow's optional {@code key}), or null for the endpoint
 */
public record Limit(int calls, ChronoUnit renewalPeriod, String key) {

    /** {@code calls} per {@code renewalPeriod}, counted for the whole endpoint. */
    public static Limit per(int calls, ChronoUnit renewalPeriod) {
        return new Limit(calls, renewalPeriod, null);
    }

    /** The period as a duration (months and years are estimated, as {@link ChronoUnit#getDuration()} does). */
    public Duration period() {
        return renewalPeriod.getDuration();
    }
}
