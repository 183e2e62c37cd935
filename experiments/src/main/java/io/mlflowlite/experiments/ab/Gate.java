package io.mlflowlite.experiments.ab;

/**
 * One condition of a {@link RolloutPlan}: {@link QualityGate} (non-inferiority of a score), {@link LatencyGate}
 * (p95 ceiling), {@link ErrorRateGate} and {@link CostGate} (ceilings). A gate {@link GateStatus#FAIL}s only on
 * statistical evidence (an always-valid interval entirely on the wrong side), which rolls the rollout back at
 * once; it {@link GateStatus#PASS}es when the stage may advance as far as it is concerned; otherwise it is {@link
 * GateStatus#PENDING}. Implementations are immutable and thread-safe.
 */
public sealed interface Gate permits QualityGate, LatencyGate, ErrorRateGate, CostGate {
    /** The gate's name in evidence (e.g. {@code quality:correct}). */
    String name();

    /** Judges the stage. */
    GateResult evaluate(StageContext stage);
}
