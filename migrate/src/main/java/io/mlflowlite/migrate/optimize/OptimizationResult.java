package io.mlflowlite.migrate.optimize;

import io.mlflowlite.prompt.PromptVersion;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link PromptOptimizer} found. Immutable.
 *
 * @param startPrompt the version it started from
 * @param bestPrompt  the newly registered winner, or {@code startPrompt} when nothing beat it on the validation rows
 * @param scoreBefore the start's mean score on the validation rows (0..1 for verdict scorers)
 * @param scoreAfter  the best prompt's mean score on the validation rows
 * @param history     every candidate tried, in order
 * @param budgetUsed  calls, cost and time spent
 * @param algorithm   the search used
 * @param trainRows   training rows used, and {@code validationRows} validation rows
 */
public record OptimizationResult(
        PromptVersion startPrompt,
        PromptVersion bestPrompt,
        double scoreBefore,
        double scoreAfter,
        List<Candidate> history,
        BudgetUsed budgetUsed,
        OptimizerAlgorithm algorithm,
        int trainRows,
        int validationRows) {

    public OptimizationResult {
        history = List.copyOf(history);
    }

    /** Whether a better prompt was found and registered (scoreAfter &gt; scoreBefore). */
    public boolean improved() {
        return scoreAfter > scoreBefore && bestPrompt.version() != startPrompt.version();
    }

    /** The winning candidate's entry in {@link #history()}. */
    public Candidate bestCandidate() {
        String text = PromptText.editable(bestPrompt.template());
        return history.stream()
                .filter(c -> c.template().equals(text))
                .findFirst()
                .orElse(history.get(0));
    }

    /** {@code prompts:/triage/1 -> prompts:/triage/2: 41.7% -> 83.3% on 20 validation rows (312 calls …)}. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%s -> %s: %.1f%% -> %.1f%% on %d validation rows (%s; %s, %d candidates)",
                startPrompt.uri(),
                bestPrompt.uri(),
                scoreBefore * 100,
                scoreAfter * 100,
                validationRows,
                budgetUsed,
                algorithm.name().toLowerCase(Locale.ROOT),
                history.size());
    }

    @Override
    public String toString() {
        return summary();
    }
}
