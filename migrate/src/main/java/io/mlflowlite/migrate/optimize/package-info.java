/**
 * Automatic prompt optimization (docs/optimization.md): {@link io.mlflowlite.migrate.optimize.PromptOptimizer}
 * searches for a better wording of a registered prompt version on a target model — GEPA-style reflective evolution or
 * metaprompting, every candidate scored by an ordinary traced evaluation — within a budget of calls, dollars and time,
 * resumable from a JSON checkpoint, and registers the winner as the prompt's next version.
 */
package io.mlflowlite.migrate.optimize;
