/**
 * Online scoring: evaluation scorers (code scorers, LLM judges) run on a sample of live traffic, off the request
 * path, each result attached to the call's trace as an assessment. See {@link io.mlflowlite.experiments.scoring.OnlineScoring}.
 */
package io.mlflowlite.experiments.scoring;
