package io.mlflowlite.experiments.ab;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One served call of a variant, as the metrics see it. Immutable.
 *
 * @param latencyMs the call's latency in milliseconds ({@code >= 0})
 * @param costUsd what the call cost in US dollars ({@code >= 0})
 * @param tokensIn prompt tokens
 * @param tokensOut completion tokens
 * @param error whether the call failed
 * @param fallback whether the call was answered by a fallback model
 * @param scores zero or more named quality scores (e.g. from an online judge; calls may be scored selectively)
 */
public record Observation(
        double latencyMs,
        double costUsd,
        long tokensIn,
        long tokensOut,
        boolean error,
        boolean fallback,
        Map<String, Score> scores) {
    public Observation {
        if (!(latencyMs >= 0) || Double.isInfinite(latencyMs)) {
            throw new IllegalArgumentException("latencyMs must be finite and >= 0, got " + latencyMs);
        }
        if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
            throw new IllegalArgumentException("costUsd must be finite and >= 0, got " + costUsd);
        }
        if (tokensIn < 0 || tokensOut < 0) {
            throw new IllegalArgumentException("token counts must be >= 0, got " + tokensIn + " and " + tokensOut);
        }
        scores = Map.copyOf(scores);
    }

    /** A successful call without scores. */
    public static Observation of(double latencyMs, double costUsd, long tokensIn, long tokensOut) {
        return new Observation(latencyMs, costUsd, tokensIn, tokensOut, false, false, Map.of());
    }

    /** This observation with the error flag set to {@code error}. */
    public Observation withError(boolean error) {
        return new Observation(latencyMs, costUsd, tokensIn, tokensOut, error, fallback, scores);
    }

    /** This observation with the fallback flag set to {@code fallback}. */
    public Observation withFallback(boolean fallback) {
        return new Observation(latencyMs, costUsd, tokensIn, tokensOut, error, fallback, scores);
    }

    /** This observation with one more score {@code name} (replacing one of the same name). */
    public Observation withScore(String name, Score score) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a score needs a non-blank name");
        }
        Map<String, Score> more = new LinkedHashMap<>(scores);
        more.put(name, score);
        return new Observation(latencyMs, costUsd, tokensIn, tokensOut, error, fallback, more);
    }
}
