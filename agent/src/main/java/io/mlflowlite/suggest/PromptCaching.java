package io.mlflowlite.suggest;

import io.mlflowlite.chat.Usage;
import io.mlflowlite.cost.ModelPrice;
import io.mlflowlite.cost.TokenEstimator;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Triggers when no prompt token was read from the cache although the request starts with instructions
 * (system/developer messages, the part of a prompt that repeats across calls) of at least
 * {@value #MIN_PREFIX_TOKENS} tokens (OpenAI's minimum cacheable prefix; estimated locally) and the price
 * table lists a cheaper cached-input rate for the model. The saving is what those prefix tokens would cost
 * less per call when read from the cache ({@code prefix × (input − cached_input) / 1M}, times 1,000); cache
 * writes (Anthropic bills the first write above the input rate) are not counted.
 */
final class PromptCaching implements Heuristic {
    static final int MIN_PREFIX_TOKENS = 1_024;

    @Override
    public Optional<Suggestion> check(SuggestionContext context) {
        Usage usage = context.response().usage();
        Optional<ModelPrice> price = context.priceKey().flatMap(context.prices()::find);
        String instructions = context.instructions();
        if (usage.cachedTokens() > 0
                || usage.promptTokens() < MIN_PREFIX_TOKENS
                || instructions.isEmpty()
                || price.isEmpty()) {
            return Optional.empty();
        }
        ModelPrice.Rates rates = price.get().ratesFor(usage.promptTokens());
        BigDecimal perToken = rates.input().subtract(rates.cachedInputOrInput());
        String model =
                context.entry().map(e -> e.model()).orElse(context.response().model());
        int prefix = Math.min(usage.promptTokens(), TokenEstimator.shared().countText(instructions, model));
        if (prefix < MIN_PREFIX_TOKENS || perToken.signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal saving = Numbers.amount(prefix, perToken).multiply(BigDecimal.valueOf(1000));
        String evidence = "cached_tokens=0 of " + Numbers.tokens(usage.promptTokens()) + " prompt tokens; the "
                + "instructions alone are about " + Numbers.tokens(prefix) + " tokens, billed at "
                + rates.input().toPlainString() + " $/1M instead of the cached "
                + rates.cachedInputOrInput().toPlainString()
                + " $/1M";
        boolean anthropic = "anthropic".equals(context.response().provider())
                || context.entry().map(e -> e.provider().equals("anthropic")).orElse(false);
        String change = anthropic
                ? "mark the end of the system prompt with cache_control {\"type\": \"ephemeral\"}: Anthropic caches "
                        + "only marked prefixes"
                : "keep the instructions first and byte-identical across calls, with variable content (dates, user "
                        + "data) after them: prefixes of 1,024+ tokens are then cached automatically";
        return Optional.of(Suggestion.of(
                        Suggestion.PROMPT_CACHING,
                        Severity.INFO,
                        "A long repeated prefix is not read from the prompt cache",
                        evidence,
                        change)
                .withSaving(saving));
    }
}
