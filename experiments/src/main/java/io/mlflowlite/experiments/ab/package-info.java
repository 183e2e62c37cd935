/**
 * A/B tests and staged rollouts, free of I/O and of the gateway: sticky weighted {@link
 * io.mlflowlite.experiments.ab.Assignment} of units to variants by hashing, the per-variant {@link
 * io.mlflowlite.experiments.ab.VariantMetrics} accumulator, {@link io.mlflowlite.experiments.ab.Metric}s compared
 * with the always-valid statistics of {@code io.mlflowlite.experiments.stats}, and the {@link
 * io.mlflowlite.experiments.ab.RolloutPlan} whose gates the {@link io.mlflowlite.experiments.ab.GateEvaluator}
 * checks. The gateway, the stores and the server call these; nothing here calls them.
 */
package io.mlflowlite.experiments.ab;
