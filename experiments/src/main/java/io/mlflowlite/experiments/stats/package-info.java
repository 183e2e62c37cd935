/**
 * The statistics of online experiments, free of I/O and of the gateway: running moments (Welford) and a mergeable
 * latency quantile sketch, always-valid sequential inference (the normal-mixture sequential probability ratio test,
 * mSPRT) for a difference of two means or proportions, its always-valid p-value, minimum detectable effect and
 * sample-size prediction, and a fixed-horizon (z/Welch) interval for comparison. Every value here is either an
 * immutable record or a single-threaded accumulator documented as such.
 */
package io.mlflowlite.experiments.stats;
