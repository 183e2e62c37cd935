package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.chat.FeedbackValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** One assessment over the paired rows of two runs: outcomes per pair, means, and the paired bootstrap. Stateless. */
final class ScorerComparison {
    private ScorerComparison() {}

    /**
     * Compares {@code name} over {@code pairs} (baseline row, candidate row) and records each compared pair's
     * outcome in {@code outcomes} (by pair position).
     */
    static ScorerDelta compare(
            String name,
            ValueKind kind,
            boolean lowerIsBetter,
            List<RowResult[]> pairs,
            Map<Integer, Map<String, RowDiff.Outcome>> outcomes,
            long seed,
            int resamples,
            double level) {
        List<double[]> values = new ArrayList<>();
        int wins = 0;
        int losses = 0;
        int ties = 0;
        int skipped = 0;
        int errors = 0;
        int missing = 0;
        int paired = 0;
        for (int i = 0; i < pairs.size(); i++) {
            Optional<Feedback> b = pairs.get(i)[0].feedback(name);
            Optional<Feedback> c = pairs.get(i)[1].feedback(name);
            if (b.isEmpty() && c.isEmpty()) {
                continue;
            }
            RowDiff.Outcome outcome;
            if (b.isEmpty() || c.isEmpty()) {
                missing++;
                outcome = RowDiff.Outcome.EXCLUDED;
            } else if (b.get().isError() || c.get().isError()) {
                errors++;
                outcome = RowDiff.Outcome.EXCLUDED;
            } else if (b.get().isSkipped() || c.get().isSkipped()) {
                skipped++;
                outcome = RowDiff.Outcome.EXCLUDED;
            } else if (kind == ValueKind.BOOLEAN || kind == ValueKind.NUMERIC) {
                double x = number(b.get().value());
                double y = number(c.get().value());
                values.add(new double[] {x, y});
                paired++;
                int better = lowerIsBetter ? Double.compare(x, y) : Double.compare(y, x);
                outcome = better > 0 ? RowDiff.Outcome.WIN : better < 0 ? RowDiff.Outcome.LOSS : RowDiff.Outcome.TIE;
            } else {
                paired++;
                outcome = b.get().display().equals(c.get().display()) ? RowDiff.Outcome.TIE : RowDiff.Outcome.CHANGED;
            }
            switch (outcome) {
                case WIN -> wins++;
                case LOSS -> losses++;
                case TIE -> ties++;
                default -> {}
            }
            outcomes.computeIfAbsent(i, k -> new HashMap<>()).put(name, outcome);
        }
        if (values.isEmpty()) {
            return new ScorerDelta(
                    name,
                    kind,
                    lowerIsBetter,
                    paired,
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    wins,
                    losses,
                    ties,
                    skipped,
                    errors,
                    missing);
        }
        double[] base = values.stream().mapToDouble(v -> v[0]).toArray();
        double[] cand = values.stream().mapToDouble(v -> v[1]).toArray();
        double[] diff = values.stream().mapToDouble(v -> v[1] - v[0]).toArray();
        double baseMean = Bootstrap.mean(base);
        double candMean = Bootstrap.mean(cand);
        // Resampling pairs and taking mean(candidate*) - mean(baseline*) is resampling the per-row differences and
        // taking their mean: the same draws give the same number, so the paired bootstrap is the differences'.
        ConfidenceInterval deltaCi = Bootstrap.meanInterval(diff, resamples, level, Bootstrap.seedFor(seed, name));
        ConfidenceInterval baseCi =
                Bootstrap.meanInterval(base, resamples, level, Bootstrap.seedFor(seed, name + "#baseline"));
        ConfidenceInterval candCi =
                Bootstrap.meanInterval(cand, resamples, level, Bootstrap.seedFor(seed, name + "#candidate"));
        return new ScorerDelta(
                name,
                kind,
                lowerIsBetter,
                paired,
                OptionalDouble.of(baseMean),
                OptionalDouble.of(candMean),
                OptionalDouble.of(candMean - baseMean),
                Optional.of(deltaCi),
                Optional.of(baseCi),
                Optional.of(candCi),
                wins,
                losses,
                ties,
                skipped,
                errors,
                missing);
    }

    /** A verdict as 1/0, else the number. */
    private static double number(Object value) {
        Optional<Boolean> verdict = FeedbackValues.asBoolean(value);
        if (verdict.isPresent()) {
            return verdict.get() ? 1 : 0;
        }
        return FeedbackValues.asNumber(value).orElse(Double.NaN);
    }
}
