package io.mlflowlite.routing;

import java.time.Instant;
import java.util.List;

/**
 * What one reload of a configuration file did. Immutable.
 *
 * @param status      applied, unchanged or rejected
 * @param source      the file
 * @param config      the label ({@code version #fingerprint}) of the configuration now serving calls: the new
 *                    one when applied, the previous one otherwise (null before any was applied)
 * @param problems    why it was rejected, every problem with its path; empty otherwise
 * @param at          when the reload finished
 */
public record ReloadOutcome(Status status, String source, String config, List<ConfigProblem> problems, Instant at) {
    /** What happened to the file's configuration. */
    public enum Status {
        /** Valid and different: swapped in. */
        APPLIED,
        /** Valid and the same as the one serving (fingerprint equal): nothing to do. */
        UNCHANGED,
        /** Unreadable or invalid: the previous configuration keeps serving. */
        REJECTED
    }

    public ReloadOutcome {
        problems = List.copyOf(problems);
    }

    /** Whether the file's configuration was swapped in. */
    public boolean applied() {
        return status == Status.APPLIED;
    }

    /** One paragraph for logs and the admin API. */
    public String message() {
        return switch (status) {
            case APPLIED -> "Applied routing configuration " + config + " from " + source;
            case UNCHANGED -> "Routing configuration in " + source + " is unchanged (" + config + ")";
            case REJECTED ->
                "Rejected routing configuration in " + source + "; still serving "
                        + (config == null ? "the previous one" : config) + ":\n  - "
                        + String.join(
                                "\n  - ",
                                problems.stream().map(ConfigProblem::toString).toList());
        };
    }
}
