package io.mlflowlite.experiments.scoring;

import java.math.BigDecimal;

/**
 * Counters of an {@link OnlineScoring} since it started. Immutable snapshot.
 *
 * @param seen          finished traces it heard of
 * @param sampled       traces that passed the filters and the sample, and were queued
 * @param dropped       sampled traces dropped because the queue was full (never scored)
 * @param scored        traces whose scorers all ran
 * @param assessments   assessments attached (one per feedback a scorer returned)
 * @param skipped       scorer runs left out: the trace lacked what the scorer needs (expectations, outputs)
 * @param overBudget    scorer runs left out because the judge budget of the hour or day was spent
 * @param errors        scorer runs that threw (attached as {@code ERROR} assessments) plus assessments the store
 *                      refused
 * @param judgeCostUsd  dollars spent on judge calls, exact
 */
public record OnlineScoringStats(
        long seen,
        long sampled,
        long dropped,
        long scored,
        long assessments,
        long skipped,
        long overBudget,
        long errors,
        BigDecimal judgeCostUsd) {}
