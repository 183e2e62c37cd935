package io.mlflowlite.experiments.ab;

import io.mlflowlite.experiments.stats.Comparison;
import io.mlflowlite.experiments.stats.Direction;
import io.mlflowlite.experiments.stats.Sample;
import io.mlflowlite.experiments.stats.SequentialTest;

/**
 * A metric an experiment compares, with the direction that is good: {@link #errorRate()}, {@link #fallbackRate()},
 * {@link #latencyMs()} (mean), {@link #costUsd()} (mean per call), {@link #tokensOut()} (lower is better) and
 * {@link #score(String)} (higher is better; a pass/fail score is a pass rate). Immutable.
 *
 * @param name the metric's name as reports show it
 * @param kind what it reads from a {@link VariantMetrics}
 * @param scoreName the score's name for {@link Kind#SCORE}, else {@code null}
 * @param direction which way is good
 */
public record Metric(String name, Kind kind, String scoreName, Direction direction) {
    /** What a metric reads. */
    public enum Kind {
        /** Failed calls / calls. */
        ERROR_RATE,
        /** Fallback-answered calls / calls. */
        FALLBACK_RATE,
        /** Mean latency in ms. */
        LATENCY_MS,
        /** Mean cost per call in USD. */
        COST_USD,
        /** Mean prompt tokens per call. */
        TOKENS_IN,
        /** Mean completion tokens per call. */
        TOKENS_OUT,
        /** A named quality score's mean (pass rate for pass/fail). */
        SCORE
    }

    public Metric {
        if (kind == Kind.SCORE && (scoreName == null || scoreName.isBlank())) {
            throw new IllegalArgumentException("a score metric needs the score's name");
        }
        if (direction == null) {
            throw new IllegalArgumentException("metric " + name + " needs a direction (higher or lower is better)");
        }
    }

    /** The error rate; lower is better. */
    public static Metric errorRate() {
        return new Metric("error_rate", Kind.ERROR_RATE, null, Direction.LOWER_IS_BETTER);
    }

    /** The fallback rate; lower is better. */
    public static Metric fallbackRate() {
        return new Metric("fallback_rate", Kind.FALLBACK_RATE, null, Direction.LOWER_IS_BETTER);
    }

    /** Mean latency in ms; lower is better. */
    public static Metric latencyMs() {
        return new Metric("latency_ms", Kind.LATENCY_MS, null, Direction.LOWER_IS_BETTER);
    }

    /** Mean cost per call in USD; lower is better. */
    public static Metric costUsd() {
        return new Metric("cost_usd", Kind.COST_USD, null, Direction.LOWER_IS_BETTER);
    }

    /** Mean prompt tokens per call; lower is better. */
    public static Metric tokensIn() {
        return new Metric("tokens_in", Kind.TOKENS_IN, null, Direction.LOWER_IS_BETTER);
    }

    /** Mean completion tokens per call; lower is better. */
    public static Metric tokensOut() {
        return new Metric("tokens_out", Kind.TOKENS_OUT, null, Direction.LOWER_IS_BETTER);
    }

    /** Quality score {@code scoreName}; higher is better. */
    public static Metric score(String scoreName) {
        return score(scoreName, Direction.HIGHER_IS_BETTER);
    }

    /** Quality score {@code scoreName} with an explicit direction (e.g. a "toxicity" score: lower is better). */
    public static Metric score(String scoreName, Direction direction) {
        return new Metric(scoreName, Kind.SCORE, scoreName, direction);
    }

    /** This metric's sample in {@code metrics}. */
    public Sample sample(VariantMetrics metrics) {
        return switch (kind) {
            case ERROR_RATE -> metrics.errorRate();
            case FALLBACK_RATE -> metrics.fallbackRate();
            case LATENCY_MS -> metrics.latency().sample();
            case COST_USD -> metrics.cost().sample();
            case TOKENS_IN -> metrics.tokensIn().sample();
            case TOKENS_OUT -> metrics.tokensOut().sample();
            case SCORE -> metrics.score(scoreName).sample();
        };
    }

    /** The always-valid comparison of {@code candidate} with {@code control} on this metric. */
    public Comparison compare(VariantMetrics control, VariantMetrics candidate, SequentialTest test) {
        return test.compare(sample(control), sample(candidate), direction);
    }
}
