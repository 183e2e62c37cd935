package io.mlflowlite.suggest;

import io.mlflowlite.error.Attempt;
import java.time.Duration;
import java.util.Optional;

/**
 * Triggers when the attempt that answered took longer than {@value #ALLOWANCE_MS} ms plus
 * {@value #MS_PER_TOKEN} ms per output token (slower than 20 tokens/s after a generous time to first token).
 * Only the answering attempt counts: time lost to failed attempts is {@link RetriesAndFallbacks}' finding.
 */
final class SlowForTask implements Heuristic {
    static final long ALLOWANCE_MS = 3_000;
    static final long MS_PER_TOKEN = 50;

    @Override
    public Optional<Suggestion> check(SuggestionContext context) {
        Duration took = context.response().attempts().stream()
                .filter(a -> a.outcome() == Attempt.Outcome.SUCCESS)
                .reduce((a, b) -> b)
                .map(Attempt::latency)
                .orElse(context.response().latency());
        int out = context.response().usage().completionTokens();
        long budget = ALLOWANCE_MS + MS_PER_TOKEN * out;
        if (took.toMillis() <= budget) {
            return Optional.empty();
        }
        double perSecond = out * 1000.0 / Math.max(1, took.toMillis());
        String evidence = "the answering attempt took " + Numbers.tokens(took.toMillis()) + " ms for "
                + Numbers.tokens(out) + " output tokens (" + String.format(java.util.Locale.ROOT, "%.1f", perSecond)
                + " tokens/s); a call this size should finish within " + Numbers.tokens(budget) + " ms ("
                + ALLOWANCE_MS + " ms + " + MS_PER_TOKEN + " ms per output token)";
        String model =
                context.entry().map(e -> e.name()).orElse(context.response().model());
        String change = "stream the answer (stream=true) so the first tokens show early, set a per-attempt timeout, "
                + "and compare a smaller model than " + model + " on the same prompts";
        return Optional.of(Suggestion.of(
                Suggestion.SLOW_FOR_TASK, Severity.INFO, "Slow for the size of the answer", evidence, change));
    }
}
