package io.mlflowlite.experiments.ab;

/** The state of one rollout gate at one evaluation. */
public enum GateStatus {
    /** The gate is satisfied. */
    PASS,
    /** The gate is breached with statistical evidence: the rollout must roll back. */
    FAIL,
    /** Not enough evidence either way yet: hold the stage. */
    PENDING
}
