package io.mlflowlite.chat;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a response cost, in US dollars, split by what was billed, and where the prices came from.
 * Amounts are exact decimals (never binary floating point), so sums over many calls stay right to the cent.
 *
 * @param input       uncached input tokens
 * @param cachedInput input tokens read from the prompt cache
 * @param cacheWrite  input tokens written to the prompt cache
 * @param output      output tokens (reasoning included unless billed separately)
 * @param reasoning   reasoning tokens where the price table bills them at their own rate, else zero
 * @param estimated   true when token counts were estimated locally because the provider reported none
 * @param provenance  the price table version and entry used; empty when the model has no price
 * @param serverTools requests of the provider's own tools billed apart from tokens ({@link ServerToolPrices})
 */
public record Cost(
        BigDecimal input,
        BigDecimal cachedInput,
        BigDecimal cacheWrite,
        BigDecimal output,
        BigDecimal reasoning,
        boolean estimated,
        Optional<PriceProvenance> provenance,
        BigDecimal serverTools) {

    public Cost {
        serverTools = serverTools == null ? BigDecimal.ZERO : serverTools;
    }

    /** A cost without server-tool requests. */
    public Cost(
            BigDecimal input,
            BigDecimal cachedInput,
            BigDecimal cacheWrite,
            BigDecimal output,
            BigDecimal reasoning,
            boolean estimated,
            Optional<PriceProvenance> provenance) {
        this(input, cachedInput, cacheWrite, output, reasoning, estimated, provenance, BigDecimal.ZERO);
    }

    /** This cost plus {@code amount} for server-tool requests. */
    public Cost withServerTools(BigDecimal amount) {
        return new Cost(
                input, cachedInput, cacheWrite, output, reasoning, estimated, provenance, serverTools.add(amount));
    }

    /** Zero cost for a model the price table does not know (so it cannot be summed as if free by mistake). */
    public static final Cost UNPRICED = new Cost(
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            false,
            Optional.empty());

    /** The total in dollars, exact. */
    public BigDecimal total() {
        return input.add(cachedInput).add(cacheWrite).add(output).add(reasoning).add(serverTools);
    }

    /** The total as a double, for display and metrics only. */
    public double totalUsd() {
        return total().doubleValue();
    }

    /** Whether a price table entry was found for the model. */
    public boolean priced() {
        return provenance.isPresent();
    }

    /**
     * Adds two costs, exactly. The sum keeps this cost's provenance, or the other's when this one has none
     * (so {@code UNPRICED} is a starting point for sums); a sum over different models therefore names only the
     * first price — each call's own cost carries its exact provenance.
     */
    public Cost plus(Cost other) {
        Optional<PriceProvenance> both = provenance.equals(other.provenance)
                ? provenance
                : provenance.isPresent() ? provenance : other.provenance;
        return new Cost(
                input.add(other.input),
                cachedInput.add(other.cachedInput),
                cacheWrite.add(other.cacheWrite),
                output.add(other.output),
                reasoning.add(other.reasoning),
                estimated || other.estimated,
                both,
                serverTools.add(other.serverTools));
    }

    /** The total as {@link #usd}, followed by {@code (estimated)} when it was estimated. */
    public String formatted() {
        return usd(total()) + (estimated ? " (estimated)" : "");
    }

    /**
     * The one way mlflowlite shows an amount of dollars, everywhere (command output, summaries, reports): exact,
     * without trailing zeros, never in exponent notation: {@code $0.00000615}, {@code $1.5}, {@code $0}.
     */
    public static String usd(BigDecimal amount) {
        return "$" + (amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString());
    }
}
