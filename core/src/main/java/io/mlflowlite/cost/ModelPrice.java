package io.mlflowlite.cost;

import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.PriceProvenance;
import io.mlflowlite.chat.Usage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One price table entry: what a model costs per million tokens, from when, and where that was published.
 * Immutable and thread-safe.
 *
 * @param key          the entry key, {@code provider/upstream-model-id} ({@code openai/gpt-4o})
 * @param tableVersion the version of the price document the entry came from (the bundled table or an override)
 * @param rates        the rates for a prompt of any size, unless a tier applies
 * @param tiers        rates for large prompts, by ascending threshold; empty for most models
 * @param effective    the date this price took effect
 * @param source       the provider's public pricing page, or {@code simulated} for mock models
 * @param note         caveats, e.g. a price that could not be confirmed against the provider's page
 */
public record ModelPrice(
        String key,
        String tableVersion,
        Rates rates,
        List<Tier> tiers,
        LocalDate effective,
        String source,
        Optional<String> note) {

    private static final int PER_MILLION = 6;

    public ModelPrice {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(tableVersion, "tableVersion");
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(effective, "effective");
        Objects.requireNonNull(source, "source");
        tiers = tiers == null
                ? List.of()
                : tiers.stream()
                        .sorted(Comparator.comparingInt(Tier::abovePromptTokens))
                        .toList();
        note = note == null ? Optional.empty() : note;
    }

    /**
     * Prices per million tokens, in US dollars, exact.
     *
     * @param input       uncached input tokens
     * @param cachedInput input tokens read from the prompt cache; absent means they cost {@code input}
     * @param cacheWrite  input tokens written to the prompt cache; absent means they cost {@code input}
     * @param output      output tokens; zero for input-only (embedding) entries
     * @param reasoning   reasoning tokens, only where the provider bills them apart from output; absent means
     *                    reasoning tokens are output tokens and cost {@code output}
     */
    public record Rates(
            BigDecimal input,
            Optional<BigDecimal> cachedInput,
            Optional<BigDecimal> cacheWrite,
            BigDecimal output,
            Optional<BigDecimal> reasoning) {

        public Rates {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            cachedInput = cachedInput == null ? Optional.empty() : cachedInput;
            cacheWrite = cacheWrite == null ? Optional.empty() : cacheWrite;
            reasoning = reasoning == null ? Optional.empty() : reasoning;
        }

        /** The price of a cached input token: {@code cachedInput} when listed, else {@code input}. */
        public BigDecimal cachedInputOrInput() {
            return cachedInput.orElse(input);
        }

        /** The price of a cache-write token: {@code cacheWrite} when listed, else {@code input}. */
        public BigDecimal cacheWriteOrInput() {
            return cacheWrite.orElse(input);
        }
    }

    /**
     * Rates that replace the base rates for every token of a request whose prompt (cached and cache-write
     * tokens included) exceeds {@code abovePromptTokens}, as Gemini 2.5 Pro bills prompts over 200k tokens.
     * Written {@code "above_200k": {…}} in the price file.
     */
    public record Tier(int abovePromptTokens, Rates rates) {
        public Tier {
            Objects.requireNonNull(rates, "rates");
        }
    }

    /** The rates that apply to a request with {@code promptTokens} input tokens: the highest tier it exceeds. */
    public Rates ratesFor(int promptTokens) {
        Rates chosen = rates;
        for (Tier tier : tiers) {
            if (promptTokens > tier.abovePromptTokens()) {
                chosen = tier.rates();
            }
        }
        return chosen;
    }

    /** Where this price came from, for a {@link Cost}. */
    public PriceProvenance provenance() {
        return new PriceProvenance(tableVersion, key, effective, source);
    }

    /**
     * What {@code usage} costs at this price, exactly: uncached input ({@code prompt - cached - cacheWrite}) at
     * {@code input}, cache reads at {@code cachedInput}, cache writes at {@code cacheWrite}, and output at
     * {@code output} — or, where reasoning is billed apart, {@code completion - reasoning} at {@code output} and
     * the reasoning tokens at {@code reasoning}. Each amount is {@code tokens × price / 1,000,000} with no
     * rounding. Counts that do not add up (a provider reporting more cached than prompt tokens) are clamped at
     * zero rather than producing a negative amount. A null usage costs nothing.
     */
    public Cost cost(Usage usage) {
        Usage u = usage == null ? Usage.EMPTY : usage;
        Rates r = ratesFor(u.promptTokens());
        long cached = nonNegative(u.cachedTokens());
        long written = nonNegative(u.cacheWriteTokens());
        long uncached = nonNegative((long) u.promptTokens() - cached - written);
        BigDecimal output;
        BigDecimal reasoning;
        if (r.reasoning().isPresent()) {
            long thinking = nonNegative(u.reasoningTokens());
            output = amount(nonNegative((long) u.completionTokens() - thinking), r.output());
            reasoning = amount(thinking, r.reasoning().get());
        } else {
            output = amount(nonNegative(u.completionTokens()), r.output());
            reasoning = BigDecimal.ZERO;
        }
        return new Cost(
                amount(uncached, r.input()),
                amount(cached, r.cachedInputOrInput()),
                amount(written, r.cacheWriteOrInput()),
                output,
                reasoning,
                u.estimated(),
                Optional.of(provenance()));
    }

    private static BigDecimal amount(long tokens, BigDecimal perMillion) {
        // movePointLeft is exact: no MathContext, no rounding, whatever the price's scale.
        return BigDecimal.valueOf(tokens).multiply(perMillion).movePointLeft(PER_MILLION);
    }

    private static long nonNegative(long count) {
        return Math.max(0, count);
    }
}
