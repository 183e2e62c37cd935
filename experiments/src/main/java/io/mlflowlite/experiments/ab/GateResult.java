package io.mlflowlite.experiments.ab;

/**
 * The evidence of one gate at one evaluation. Immutable.
 *
 * @param gate the gate's name (e.g. {@code quality:correct}, {@code latency_p95}, {@code min_samples})
 * @param observed the observed value the gate judged (NaN when there is none yet)
 * @param threshold the value it was compared with
 * @param status pass, fail or pending
 * @param sentence the evidence in one human sentence, with the interval where there is one
 */
public record GateResult(String gate, double observed, double threshold, GateStatus status, String sentence) {}
