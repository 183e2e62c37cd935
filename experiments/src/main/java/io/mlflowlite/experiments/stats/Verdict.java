package io.mlflowlite.experiments.stats;

/** What an always-valid comparison says about {@code candidate − control} for one metric. */
public enum Verdict {
    /** The interval excludes 0 on the good side (see {@link Direction}): the candidate is better. */
    WINNER,
    /** The interval excludes 0 on the bad side: the candidate is worse. */
    HARM,
    /** The interval still contains 0: keep collecting (this is not evidence of equality). */
    NO_DIFFERENCE_YET
}
