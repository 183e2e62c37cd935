package io.mlflowlite.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One dataset row as the baseline and the candidate saw it, with each assessment's outcome for the candidate.
 * Immutable.
 *
 * @param baseline  the baseline run's row
 * @param candidate the candidate run's row paired with it (same index, or same inputs)
 * @param outcomes  per assessment name, in the comparison's order: how the candidate did against the baseline
 */
public record RowDiff(RowResult baseline, RowResult candidate, Map<String, Outcome> outcomes) {

    /** How the candidate's value of one assessment compares with the baseline's on one row. */
    public enum Outcome {
        /** Better: passes where the baseline failed, or a better number. */
        WIN,
        /** Worse: fails where the baseline passed, or a worse number. */
        LOSS,
        /** Equal values. */
        TIE,
        /** Different text values, neither better. */
        CHANGED,
        /** Not compared: skipped, failed or missing on a side. */
        EXCLUDED
    }

    public RowDiff {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        outcomes = outcomes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    /** The row's inputs (the baseline's; paired rows have the same dataset row). */
    public Map<String, Object> inputs() {
        return baseline.inputs();
    }

    public Optional<Object> baselineOutputs() {
        return baseline.outputs();
    }

    public Optional<Object> candidateOutputs() {
        return candidate.outputs();
    }

    /** The assessments the candidate lost on this row, in order. */
    public List<String> regressedScorers() {
        return outcomes.entrySet().stream()
                .filter(e -> e.getValue() == Outcome.LOSS)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The assessments the candidate won on this row, in order. */
    public List<String> improvedScorers() {
        return outcomes.entrySet().stream()
                .filter(e -> e.getValue() == Outcome.WIN)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Whether the candidate's prediction failed where the baseline's did not. */
    public boolean newlyFailed() {
        return candidate.error().isPresent() && baseline.error().isEmpty();
    }

    /**
     * Whether the row regressed: the candidate is worse on any assessment, or its prediction failed where the
     * baseline's did not (its assessments are then excluded, yet the row got worse).
     */
    public boolean regressed() {
        return newlyFailed() || outcomes.containsValue(Outcome.LOSS);
    }

    /** The outcome of {@code name}; {@link Outcome#EXCLUDED} when not compared. */
    public Outcome outcome(String name) {
        return outcomes.getOrDefault(name, Outcome.EXCLUDED);
    }
}
