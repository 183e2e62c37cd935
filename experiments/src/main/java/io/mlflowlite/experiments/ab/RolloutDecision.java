package io.mlflowlite.experiments.ab;

import java.util.List;

/**
 * The outcome of one {@link GateEvaluator#evaluate} call. Immutable.
 *
 * @param action advance, hold, roll back or complete
 * @param stageIndex the stage that was evaluated (0-based)
 * @param stageBasisPoints its candidate share in basis points
 * @param nextBasisPoints the candidate share to apply now: the next stage's on {@link RolloutAction#ADVANCE}, 0 on
 *     {@link RolloutAction#ROLLBACK}, the current one otherwise
 * @param evidence every gate's result, plus the stage's minimum samples and minimum time
 * @param summary the decision and its reason in one sentence
 */
public record RolloutDecision(
        RolloutAction action,
        int stageIndex,
        int stageBasisPoints,
        int nextBasisPoints,
        List<GateResult> evidence,
        String summary) {
    public RolloutDecision {
        evidence = List.copyOf(evidence);
    }
}
