package io.mlflowlite.cli;

import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** The search filters shared by {@code traces list} and {@code traces export}. */
final class TraceFilters {
    /** The trace tag naming the A/B test that routed a call (io.mlflowlite.routing.RouteDecision#tags). */
    static final String AB_TEST_TAG = "mlflowlite.experiment";
    /** The trace tag naming the variant that served a call. */
    static final String VARIANT_TAG = "mlflowlite.variant";

    @Option(names = "--since", description = "Traces from this long ago (30m, 2h, 7d) or this instant (ISO-8601).")
    String since;

    @Option(names = "--until", description = "Traces before this instant (ISO-8601) or this long ago.")
    String until;

    @Option(
            names = {"-e", "--experiment"},
            description = "Experiment name.")
    String experiment;

    @Option(
            names = {"-m", "--model"},
            description = "Model as requested (gpt-4o, mock/mini …).")
    String model;

    @Option(names = "--status", description = "OK or ERROR.")
    String status;

    @Option(names = "--user", description = "End user id.")
    String user;

    @Option(names = "--session", description = "Session id.")
    String session;

    @Option(names = "--tag", description = "key=value (repeatable; all must match).")
    Map<String, String> tags;

    @Option(
            names = "--ab-test",
            paramLabel = "NAME",
            description = "Calls routed by this A/B test (trace tag " + AB_TEST_TAG + "; --experiment is the "
                    + "trace experiment, a different thing).")
    String abTest;

    @Option(
            names = "--variant",
            paramLabel = "NAME",
            description = "Calls served by this A/B test variant (trace tag " + VARIANT_TAG + ").")
    String variant;

    @Option(names = "--min-cost", description = "At least this many dollars.")
    BigDecimal minCost;

    @Option(names = "--min-latency-ms", description = "At least this many milliseconds.")
    Long minLatencyMs;

    TraceQuery.Builder query() {
        TraceQuery.Builder q = TraceQuery.builder()
                .experiment(experiment)
                .model(model)
                .user(user)
                .session(session)
                .minCost(minCost);
        if (since != null) {
            q.from(instant(since, "--since"));
        }
        if (until != null) {
            q.to(instant(until, "--until"));
        }
        if (status != null) {
            try {
                q.state(TraceState.valueOf(status.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--status must be OK or ERROR, was '" + status + "'");
            }
        }
        if (tags != null) {
            tags.forEach(q::tag);
        }
        if (abTest != null) {
            q.tag(AB_TEST_TAG, abTest);
        }
        if (variant != null) {
            q.tag(VARIANT_TAG, variant);
        }
        if (minLatencyMs != null) {
            q.minLatency(Duration.ofMillis(minLatencyMs));
        }
        return q;
    }

    /** {@code 30m}, {@code 2h}, {@code 7d} ago, or an ISO-8601 instant. */
    static Instant instant(String text, String option) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.matches("\\d+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                Duration ago = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return Instant.now().minus(ago);
            }
            return Instant.parse(text.strip());
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a duration like 30m, 2h, 7d or an instant like "
                    + "2026-11-27T10:00:00Z, not '" + text + "'");
        }
    }
}
