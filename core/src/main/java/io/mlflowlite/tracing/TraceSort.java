package io.mlflowlite.tracing;

/**
 * The order of a trace search's results. Every order breaks ties by start time and then trace id, so paging
 * through it never repeats or skips a trace.
 */
public enum TraceSort {
    /** Newest first (the default). */
    NEWEST,
    /** Oldest first. */
    OLDEST,
    /** Most expensive first. */
    COST_DESC,
    /** Cheapest first. */
    COST_ASC,
    /** Slowest first. */
    LATENCY_DESC,
    /** Fastest first. */
    LATENCY_ASC;

    /** Whether larger values come first. */
    public boolean descending() {
        return this == NEWEST || this == COST_DESC || this == LATENCY_DESC;
    }
}
