package io.mlflowlite.experiments.stats;

/**
 * Whether the candidate is worse than control by more than a margin {@code m} (a rollout's question: "not much
 * worse" rather than "better").
 */
public enum NonInferiority {
    /** The whole interval is better than {@code −m} (in the metric's good direction): not worse by more than m. */
    NON_INFERIOR,
    /** The whole interval is worse than {@code −m}: worse by more than m. */
    INFERIOR,
    /** The interval straddles {@code −m}: not decided yet. */
    UNDECIDED
}
