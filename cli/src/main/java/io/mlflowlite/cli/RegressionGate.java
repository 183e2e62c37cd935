package io.mlflowlite.cli;

import io.mlflowlite.eval.ConfidenceInterval;
import io.mlflowlite.eval.EvalComparison;
import io.mlflowlite.eval.ScorerDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CI gate of {@code eval compare}: a scorer fails when the candidate is worse than the baseline beyond the
 * delta's bootstrap interval, by more than the drop allowed for it (0 unless {@code --max-drop NAME=X}): the
 * whole interval lies past {@code -X} on the worse side. A scorer without an interval (text, too few pairs) never
 * fails the gate.
 */
final class RegressionGate {
    private final boolean everyScorer;
    private final Map<String, Double> maxDrop;

    RegressionGate(boolean everyScorer, Map<String, Double> maxDrop) {
        this.everyScorer = everyScorer;
        this.maxDrop = maxDrop;
    }

    boolean active() {
        return everyScorer || !maxDrop.isEmpty();
    }

    /** Names a {@code --max-drop} scorer the comparison does not have, as a usage error. */
    void checkNames(EvalComparison comparison) {
        List<String> known =
                comparison.scorers().stream().map(ScorerDelta::name).toList();
        for (String name : maxDrop.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("--max-drop names scorer '" + name + "', which these runs do not "
                        + "have; their scorers: " + String.join(", ", known));
            }
        }
    }

    /** One line per scorer that regressed beyond what is allowed; empty when the gate passes. */
    List<String> failures(EvalComparison comparison) {
        List<String> failed = new ArrayList<>();
        for (ScorerDelta d : comparison.scorers()) {
            if (!everyScorer && !maxDrop.containsKey(d.name())) {
                continue;
            }
            double allowed = maxDrop.getOrDefault(d.name(), 0.0);
            if (d.deltaInterval().isEmpty()) {
                continue;
            }
            ConfidenceInterval i = d.deltaInterval().get();
            // the interval's bound nearest to "no change", measured on the worse side
            double leastDrop = d.lowerIsBetter() ? i.lower() : -i.upper();
            if (leastDrop > allowed) {
                failed.add(String.format(
                        Locale.ROOT,
                        "%s regressed: delta %s, interval %s%s",
                        d.name(),
                        d.delta().isPresent()
                                ? String.format(Locale.ROOT, "%+.4f", d.delta().getAsDouble())
                                : "?",
                        i,
                        allowed > 0 ? " (allowed drop " + allowed + ")" : ""));
            }
        }
        return failed;
    }
}
