package io.mlflowlite.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.PriceProvenance;
import io.mlflowlite.chat.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Exact costs from the bundled table: every expected amount is worked out by hand in the comment above it. */
class PriceTableCostTest {

    private static final PriceTable TABLE = PriceTable.bundled();

    private static Usage usage(int prompt, int completion, int cached, int cacheWrite, int reasoning) {
        return new Usage(prompt, completion, prompt + completion, cached, cacheWrite, reasoning, false);
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void gpt4oBillsCachedPromptTokensAtTheCachedRate() {
        // 800,000 uncached × $2.50 + 200,000 cached × $1.25 + 500,000 output × $10.00 (per 1M)
        Cost cost = TABLE.cost("openai/gpt-4o", usage(1_000_000, 500_000, 200_000, 0, 0));

        assertThat(cost.input()).isEqualByComparingTo(usd("2.00"));
        assertThat(cost.cachedInput()).isEqualByComparingTo(usd("0.25"));
        assertThat(cost.cacheWrite()).isEqualByComparingTo(usd("0"));
        assertThat(cost.output()).isEqualByComparingTo(usd("5.00"));
        assertThat(cost.reasoning()).isEqualByComparingTo(usd("0"));
        assertThat(cost.total()).isEqualByComparingTo(usd("7.25"));
        assertThat(cost.estimated()).isFalse();
        assertThat(cost.provenance())
                .contains(new PriceProvenance(
                        "2026-11-27",
                        "openai/gpt-4o",
                        LocalDate.of(2024, 10, 1),
                        "https://platform.openai.com/docs/pricing"));
    }

    @Test
    void gpt5BillsReasoningTokensAsOutput() {
        // 10,000 × $1.25 + 2,345 cached × $0.125 + 6,789 output (4,000 of them reasoning) × $10.00
        Cost cost = TABLE.cost("openai/gpt-5", usage(12_345, 6_789, 2_345, 0, 4_000));

        assertThat(cost.input()).isEqualByComparingTo(usd("0.0125"));
        assertThat(cost.cachedInput()).isEqualByComparingTo(usd("0.000293125"));
        assertThat(cost.output()).isEqualByComparingTo(usd("0.06789"));
        assertThat(cost.reasoning()).isEqualByComparingTo(usd("0"));
        assertThat(cost.total()).isEqualByComparingTo(usd("0.080683125"));
    }

    @Test
    void anthropicBillsCacheReadsAndCacheWritesApart() {
        // prompt 63,000 = 3,000 uncached × $3 + 50,000 read × $0.30 + 10,000 written × $3.75; 2,000 out × $15
        Cost cost = TABLE.cost("anthropic/claude-sonnet-4-5-20250929", usage(63_000, 2_000, 50_000, 10_000, 0));

        assertThat(cost.input()).isEqualByComparingTo(usd("0.009"));
        assertThat(cost.cachedInput()).isEqualByComparingTo(usd("0.015"));
        assertThat(cost.cacheWrite()).isEqualByComparingTo(usd("0.0375"));
        assertThat(cost.output()).isEqualByComparingTo(usd("0.03"));
        assertThat(cost.total()).isEqualByComparingTo(usd("0.0915"));
    }

    @Test
    void anthropicLongContextPromptIsBilledEntirelyAtTheHigherTier() {
        // 250,000 prompt tokens > 200k: every token at $6 / $22.50
        Cost cost = TABLE.cost("anthropic/claude-sonnet-4-5-20250929", usage(250_000, 1_000, 0, 0, 0));

        assertThat(cost.input()).isEqualByComparingTo(usd("1.50"));
        assertThat(cost.output()).isEqualByComparingTo(usd("0.0225"));
    }

    @Test
    void geminiThoughtsAreBilledAsOutputTokens() {
        // 10,000 × $1.25 + 3,000 output (2,000 of them thoughts) × $10
        Cost cost = TABLE.cost("gemini/gemini-2.5-pro", usage(10_000, 3_000, 0, 0, 2_000));

        assertThat(cost.input()).isEqualByComparingTo(usd("0.0125"));
        assertThat(cost.output()).isEqualByComparingTo(usd("0.03"));
        assertThat(cost.reasoning()).isEqualByComparingTo(usd("0"));
        assertThat(cost.total()).isEqualByComparingTo(usd("0.0425"));
    }

    @Test
    void geminiPromptOver200kTokensUsesTheAbove200kRates() {
        // 200,000 uncached × $2.50 + 100,000 cached × $0.25 + 10,000 out × $15
        Cost cost = TABLE.cost("gemini/gemini-2.5-pro", usage(300_000, 10_000, 100_000, 0, 0));

        assertThat(cost.input()).isEqualByComparingTo(usd("0.50"));
        assertThat(cost.cachedInput()).isEqualByComparingTo(usd("0.025"));
        assertThat(cost.output()).isEqualByComparingTo(usd("0.15"));
        assertThat(cost.total()).isEqualByComparingTo(usd("0.675"));
    }

    @Test
    void geminiPromptOfExactly200kTokensStaysOnTheBaseRates() {
        Cost cost = TABLE.cost("gemini/gemini-2.5-pro", usage(200_000, 0, 0, 0, 0));

        assertThat(cost.input()).isEqualByComparingTo(usd("0.25"));
    }

    @Test
    void reasoningBilledApartUsesItsOwnRate() {
        // Gemini 2.5 Flash preview: 1,000 × $0.15 + 1,000 visible out × $0.60 + 4,000 thinking × $3.50
        Cost cost = TABLE.cost("gemini/gemini-2.5-flash-preview-04-17", usage(1_000, 5_000, 0, 0, 4_000));

        assertThat(cost.input()).isEqualByComparingTo(usd("0.00015"));
        assertThat(cost.output()).isEqualByComparingTo(usd("0.0006"));
        assertThat(cost.reasoning()).isEqualByComparingTo(usd("0.014"));
        assertThat(cost.total()).isEqualByComparingTo(usd("0.01475"));
    }

    @Test
    void mistralSmallCostsInputAndOutput() {
        // 123,456 × $0.10 + 7,890 × $0.30
        Cost cost = TABLE.cost("mistral/mistral-small-latest", usage(123_456, 7_890, 0, 0, 0));

        assertThat(cost.total()).isEqualByComparingTo(usd("0.0147126"));
        assertThat(cost.provenance().orElseThrow().source()).isEqualTo("https://mistral.ai/pricing#api-pricing");
    }

    @Test
    void embeddingModelBillsInputOnly() {
        // 1,234,567 × $0.02
        Cost cost = TABLE.cost("openai/text-embedding-3-small", usage(1_234_567, 0, 0, 0, 0));

        assertThat(cost.input()).isEqualByComparingTo(usd("0.02469134"));
        assertThat(cost.total()).isEqualByComparingTo(usd("0.02469134"));
    }

    @Test
    void mockModelsHaveSimulatedPrices() {
        // 2,000 × $5 + 1,000 × $20
        Cost pro = TABLE.cost("mock/pro", usage(2_000, 1_000, 0, 0, 0));
        Cost echo = TABLE.cost("mock/echo", usage(2_000, 1_000, 0, 0, 0));

        assertThat(pro.total()).isEqualByComparingTo(usd("0.03"));
        assertThat(pro.provenance().orElseThrow().source()).isEqualTo("simulated");
        assertThat(echo.total()).isEqualByComparingTo(usd("0"));
        assertThat(echo.priced()).isTrue();
    }

    @Test
    void unknownModelIsUnpricedNotAnError() {
        assertThat(TABLE.cost("acme/model-that-does-not-exist", usage(1_000, 1_000, 0, 0, 0)))
                .isSameAs(Cost.UNPRICED);
        assertThat(TABLE.cost(null, usage(1_000, 1_000, 0, 0, 0))).isSameAs(Cost.UNPRICED);
        assertThat(TABLE.cost("gpt-4o", usage(1_000, 1_000, 0, 0, 0)).priced())
                .as("a key without provider prefix finds nothing")
                .isFalse();
    }

    @Test
    void estimatedUsageGivesAnEstimatedCost() {
        Usage estimated = new Usage(1_000, 100, 1_100, 0, 0, 0, true);

        Cost cost = TABLE.cost("openai/gpt-4o-mini", estimated);

        assertThat(cost.estimated()).isTrue();
        assertThat(cost.formatted()).endsWith("(estimated)");
    }

    @Test
    void inconsistentCountsAreClampedRatherThanNegative() {
        // a provider reporting more cached tokens than prompt tokens, and more reasoning than completion
        Cost cost = TABLE.cost("gemini/gemini-2.5-flash-preview-04-17", usage(100, 10, 500, 0, 50));

        assertThat(cost.input()).isEqualByComparingTo(usd("0"));
        assertThat(cost.output()).isEqualByComparingTo(usd("0"));
        assertThat(cost.total().signum()).isPositive();
    }

    @Test
    void tenThousandSmallCostsSumExactlyToTheCent() {
        // Varying sub-cent costs; the expected total prices the summed token counts once, so it checks the
        // per-call amounts lost nothing (tokens × price is linear, so both must be equal to the last digit).
        long uncached = 0;
        long cached = 0;
        long completion = 0;
        Cost sum = Cost.UNPRICED;
        for (int i = 0; i < 10_000; i++) {
            int prompt = 100 + i % 97;
            int hits = i % 3 == 0 ? 64 : 0;
            int out = 20 + i % 41;
            sum = sum.plus(TABLE.cost("openai/gpt-4o-mini", usage(prompt, out, hits, 0, 0)));
            uncached += prompt - hits;
            cached += hits;
            completion += out;
        }
        BigDecimal expected = BigDecimal.valueOf(uncached)
                .multiply(usd("0.15"))
                .add(BigDecimal.valueOf(cached).multiply(usd("0.075")))
                .add(BigDecimal.valueOf(completion).multiply(usd("0.60")))
                .movePointLeft(6);

        assertThat(sum.total()).isEqualByComparingTo(expected);
        assertThat(sum.total().setScale(2, RoundingMode.HALF_UP))
                .isEqualByComparingTo(expected.setScale(2, RoundingMode.HALF_UP));
        assertThat(sum.provenance().orElseThrow().entry()).isEqualTo("openai/gpt-4o-mini");
    }
}
