/**
 * The simulation suite that judges the experiments layer against known truth: synthetic variants with known
 * effects driven through the real {@link io.mlflowlite.experiments.ab.Assignment} (hashes of synthetic unit keys),
 * {@link io.mlflowlite.experiments.ab.VariantMetrics} and statistics. Seeded and reproducible; run the full suite
 * with {@code bench/run experiments}, a small version runs as unit tests.
 */
package io.mlflowlite.experiments.simulation;
