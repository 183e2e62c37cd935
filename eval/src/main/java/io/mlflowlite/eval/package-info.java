/**
 * GenAI evaluation: run an application (a {@code predictFn}) over a {@link io.mlflowlite.eval.Dataset}, or score
 * recorded outputs and traces, with LLM judges and code {@link io.mlflowlite.eval.Scorer}s; read the
 * {@link io.mlflowlite.eval.EvaluationResult} (aggregates with bootstrap intervals, rows, table, CSV, JSON), resume
 * what failed, gate builds with {@link io.mlflowlite.eval.EvalAssertions}, and keep runs in an
 * {@link io.mlflowlite.eval.EvalRunStore}. See {@code docs/evaluation.md}.
 */
package io.mlflowlite.eval;
