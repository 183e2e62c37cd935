/**
 * Moving an application or endpoint to a new model: prompt optimizers and the resumable migration workflow
 * (baseline, evaluation, optimization, comparison, rollout, deploy) built on evaluation and experiments.
 */
package io.mlflowlite.migrate;
