package io.mlflowlite.suggest;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.cost.ModelPrice;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Triggers when hidden reasoning tokens cost at least half of the call: reasoning tokens priced at the
 * price table's {@code reasoning} rate where the provider bills them apart, else at the {@code output} rate,
 * against the call's total at the same table.
 */
final class ReasoningDominates implements Heuristic {
    private static final Set<String> LOW_EFFORT = Set.of("low", "minimal", "none");

    @Override
    public Optional<Suggestion> check(SuggestionContext context) {
        Usage usage = context.response().usage();
        Optional<ModelPrice> price = context.priceKey().flatMap(context.prices()::find);
        if (usage.reasoningTokens() <= 0 || price.isEmpty()) {
            return Optional.empty();
        }
        ModelPrice.Rates rates = price.get().ratesFor(usage.promptTokens());
        BigDecimal reasoning =
                Numbers.amount(usage.reasoningTokens(), rates.reasoning().orElse(rates.output()));
        BigDecimal total = price.get().cost(usage).total();
        double share = Numbers.share(reasoning, total);
        if (share < 0.5) {
            return Optional.empty();
        }
        String effort = context.request()
                .map(ChatRequest::reasoningEffort)
                .map(io.mlflowlite.chat.ReasoningEffort::wire)
                .orElse(null);
        String evidence = Numbers.tokens(usage.reasoningTokens()) + " of " + Numbers.tokens(usage.completionTokens())
                + " output tokens were hidden reasoning, " + Numbers.usd(reasoning) + " of the call's "
                + Numbers.usd(total) + " (" + Numbers.percent(share) + "); reasoning_effort="
                + (effort == null
                        ? (context.request().isPresent() ? "not set (provider default)" : "unknown")
                        : effort);
        String change = effort != null && LOW_EFFORT.contains(effort.toLowerCase(Locale.ROOT))
                ? "reasoning is already at " + effort + ": for a task like this try a non-reasoning model, or ask a "
                        + "more direct question"
                : "set reasoning_effort to low (or minimal where supported) for tasks that need no deep reasoning, "
                        + "and compare the answers";
        return Optional.of(Suggestion.of(
                Suggestion.REASONING_DOMINATES,
                Severity.INFO,
                "Hidden reasoning is most of the cost",
                evidence,
                change));
    }
}
