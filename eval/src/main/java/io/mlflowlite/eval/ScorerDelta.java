package io.mlflowlite.eval;

import io.mlflowlite.chat.FeedbackValues;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One assessment compared between two runs over their paired rows ({@link EvalComparison}). Only pairs where both
 * sides have a value are compared ({@link #paired()}); pairs where either side skipped, failed or lacks the
 * assessment are excluded and counted. Means, delta and intervals are over the compared pairs, so
 * {@code delta = candidateMean - baselineMean} exactly. Immutable.
 *
 * @param name              the assessment's name
 * @param kind              {@link ValueKind#BOOLEAN} (pass rates), {@link ValueKind#NUMERIC} (means),
 *                          {@link ValueKind#TEXT} (no means: only ties and changes), or {@link ValueKind#NONE}
 * @param lowerIsBetter     whether a lower value is the better one (latency, cost, token counts): decides wins
 * @param paired            pairs with a value on both sides
 * @param baselineMean      the baseline's mean (pass rate for verdicts) over those pairs
 * @param candidateMean     the candidate's mean over those pairs
 * @param delta             {@code candidateMean - baselineMean}
 * @param deltaInterval     the paired percentile bootstrap interval of the delta: pairs resampled together
 * @param baselineInterval  the bootstrap interval of the baseline's mean over the pairs
 * @param candidateInterval the bootstrap interval of the candidate's mean over the pairs
 * @param wins              pairs where the candidate's value is better
 * @param losses            pairs where it is worse (the row regressed on this assessment)
 * @param ties              pairs with equal values
 * @param skipped           pairs excluded because a side skipped it (and neither failed)
 * @param errors            pairs excluded because a side failed on it (scorer error or failed prediction)
 * @param missing           pairs excluded because a side has no such assessment at all
 */
public record ScorerDelta(
        String name,
        ValueKind kind,
        boolean lowerIsBetter,
        int paired,
        OptionalDouble baselineMean,
        OptionalDouble candidateMean,
        OptionalDouble delta,
        Optional<ConfidenceInterval> deltaInterval,
        Optional<ConfidenceInterval> baselineInterval,
        Optional<ConfidenceInterval> candidateInterval,
        int wins,
        int losses,
        int ties,
        int skipped,
        int errors,
        int missing) {

    public ScorerDelta {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        baselineMean = baselineMean == null ? OptionalDouble.empty() : baselineMean;
        candidateMean = candidateMean == null ? OptionalDouble.empty() : candidateMean;
        delta = delta == null ? OptionalDouble.empty() : delta;
        deltaInterval = deltaInterval == null ? Optional.empty() : deltaInterval;
        baselineInterval = baselineInterval == null ? Optional.empty() : baselineInterval;
        candidateInterval = candidateInterval == null ? Optional.empty() : candidateInterval;
    }

    /** Pairs left out of the comparison: skipped, failed or missing on either side. */
    public int excluded() {
        return skipped + errors + missing;
    }

    /** Text pairs whose values differ (text has no better or worse); zero for verdicts and numbers. */
    public int changed() {
        return paired - wins - losses - ties;
    }

    /**
     * Whether the candidate is better with 95 % confidence: the delta's interval lies wholly on the better side of
     * zero. False when there is no interval.
     */
    public boolean significantlyBetter() {
        return deltaInterval
                .map(i -> lowerIsBetter ? i.upper() < 0 : i.lower() > 0)
                .orElse(false);
    }

    /** Whether the candidate is worse with 95 % confidence (the interval lies wholly on the worse side of zero). */
    public boolean significantlyWorse() {
        return deltaInterval
                .map(i -> lowerIsBetter ? i.lower() > 0 : i.upper() < 0)
                .orElse(false);
    }

    /** {@code correctness  0.8 -> 0.9  delta +0.1 [0, 0.2]  (n=20: 3 wins, 1 loss, 16 ties; 0 excluded)}. */
    @Override
    public String toString() {
        String means = baselineMean.isPresent() && candidateMean.isPresent()
                ? FeedbackValues.number(baselineMean.getAsDouble()) + " -> "
                        + FeedbackValues.number(candidateMean.getAsDouble())
                : kind.name().toLowerCase(java.util.Locale.ROOT);
        String change = delta.isPresent()
                ? "  delta " + EvalComparison.signed(delta.getAsDouble())
                        + deltaInterval.map(i -> " " + i).orElse("")
                : "";
        return name + "  " + means + change + "  (n=" + paired + ": " + wins + " wins, " + losses + " losses, " + ties
                + " ties; " + excluded() + " excluded)";
    }
}
