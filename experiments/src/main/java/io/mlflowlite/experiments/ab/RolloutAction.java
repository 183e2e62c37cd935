package io.mlflowlite.experiments.ab;

/** What a rollout controller should do after a gate evaluation. */
public enum RolloutAction {
    /** Every gate passed and the stage's minimum samples and time are met: move to the next stage. */
    ADVANCE,
    /** Not decided yet: keep the current stage and evaluate again later. */
    HOLD,
    /** A guardrail is breached with evidence: send all traffic back to control now. */
    ROLLBACK,
    /** Every gate passed at the last stage: the rollout is done. */
    COMPLETE
}
