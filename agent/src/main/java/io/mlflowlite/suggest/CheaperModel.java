package io.mlflowlite.suggest;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.chat.Usage;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

/**
 * Triggers when a small task ran on a model whose price is at least double that of a same-provider catalog
 * alternative with every capability the request uses. "Small" is at most {@value #MAX_PROMPT_TOKENS} prompt
 * and {@value #MAX_COMPLETION_TOKENS} completion tokens: larger tasks are where a stronger model tends to
 * earn its price. Both costs are computed from the price table for the call's exact token counts (the
 * alternative's tokenizer may count a little differently), so the saving per 1,000 calls is
 * {@code 1000 × (cost here − cost there)}, exactly.
 */
final class CheaperModel implements Heuristic {
    static final int MAX_PROMPT_TOKENS = 4_000;
    static final int MAX_COMPLETION_TOKENS = 500;
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final BigDecimal TENTH = new BigDecimal("0.1");

    @Override
    public Optional<Suggestion> check(SuggestionContext context) {
        Usage usage = context.response().usage();
        if (usage.promptTokens() > MAX_PROMPT_TOKENS
                || usage.completionTokens() > MAX_COMPLETION_TOKENS
                || usage.totalTokens() == 0) {
            return Optional.empty();
        }
        Optional<CatalogEntry> current = context.entry();
        if (current.isEmpty() || context.prices().find(current.get().key()).isEmpty()) {
            return Optional.empty();
        }
        BigDecimal here = context.prices().cost(current.get().key(), usage).total();
        Optional<Alternatives.Priced> best = Alternatives.cheapest(context, current.get());
        if (here.signum() <= 0 || best.isEmpty() || best.get().cost().compareTo(here.multiply(HALF)) > 0) {
            return Optional.empty();
        }
        Alternatives.Priced alt = best.get();
        BigDecimal saving = here.subtract(alt.cost()).multiply(BigDecimal.valueOf(1000));
        Set<String> needs = Alternatives.required(context);
        String evidence = Numbers.tokens(usage.promptTokens()) + " prompt + " + Numbers.tokens(usage.completionTokens())
                + " completion tokens cost " + Numbers.usd(here) + " on "
                + current.get().name() + "; the same tokens on "
                + alt.entry().name() + " cost " + Numbers.usd(alt.cost()) + " ("
                + Numbers.percent(Numbers.share(alt.cost(), here)) + " of it). "
                + alt.entry().name()
                + (needs.isEmpty() ? " fits the call" : " has what the call uses (" + String.join(", ", needs) + ")")
                + " with a " + Numbers.tokens(alt.entry().contextWindow()) + "-token context window"
                + (context.request().isEmpty()
                        ? " (request not available: capabilities read from the response only)"
                        : "");
        String change = "try " + alt.entry().name() + " for calls like this one, after checking its answers on a "
                + "sample of them (a cheaper model can answer worse)";
        Severity severity = alt.cost().compareTo(here.multiply(TENTH)) <= 0 ? Severity.WARNING : Severity.INFO;
        return Optional.of(Suggestion.of(
                        Suggestion.CHEAPER_MODEL,
                        severity,
                        "A cheaper model could handle this small task: "
                                + alt.entry().name(),
                        evidence,
                        change)
                .withSaving(saving));
    }
}
