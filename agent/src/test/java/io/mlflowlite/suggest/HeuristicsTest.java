package io.mlflowlite.suggest;

import static io.mlflowlite.suggest.Calls.context;
import static io.mlflowlite.suggest.Calls.gpt4o;
import static io.mlflowlite.suggest.Calls.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.cost.TokenEstimator;
import io.mlflowlite.error.Attempt;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each heuristic on a crafted response that triggers it and on one that does not. */
class HeuristicsTest {

    @Test
    void truncatedOutputNamesTheLimitToRaise() {
        ChatResponse r = Calls.response("openai", "gpt-4o", "openai/gpt-4o", usage(40, 512, 0, 0), "It began", "length")
                .build();
        ChatRequest request = ChatRequest.builder()
                .model("gpt-4o")
                .addUserMessage("Summarize")
                .maxTokens(512)
                .build();

        Suggestion s = new OutputTruncated().check(context(r, request)).orElseThrow();

        assertThat(s.severity()).isEqualTo(Severity.WARNING);
        assertThat(s.evidence())
                .contains("finish_reason=length", "512 completion tokens", "max_tokens=512", "up to 16,384");
        assertThat(s.change()).startsWith("raise max_tokens above 512 (up to 16384) or ask for a shorter answer");
    }

    @Test
    void completeOutputIsNotTruncated() {
        assertThat(new OutputTruncated()
                        .check(context(gpt4o(usage(40, 512, 0, 0), "Done.").build())))
                .isEmpty();
    }

    @Test
    void smallTaskOnAnExpensiveModelNamesTheCheapestAlternativeAndItsExactSaving() {
        ChatResponse r = Calls.response("mock", "pro", "mock/pro", usage(1000, 200, 0, 0), "Paris.", "stop")
                .build();

        Suggestion s = new CheaperModel()
                .check(context(r, Calls.userOnly("mock/pro", "Capital?")))
                .orElseThrow();

        // mock/pro: 1000 x 5.00 + 200 x 20.00 = $0.009; mock/mini: 1000 x 0.15 + 200 x 0.60 = $0.00027 (per 1M)
        assertThat(s.title()).endsWith("mock/mini");
        assertThat(s.estimatedSavingPer1000Calls())
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(new BigDecimal("8.73")));
        assertThat(s.evidence()).contains("cost $0.009000 on mock/pro", "mock/mini cost $0.000270 (3% of it)");
        assertThat(s.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void cheaperModelMustHaveTheCapabilitiesTheRequestUses() {
        ChatResponse r = Calls.response(
                        "anthropic",
                        "claude-sonnet-4-5-20250929",
                        "anthropic/claude-sonnet-4-5-20250929",
                        usage(1000, 200, 0, 0),
                        "{\"a\":1}",
                        "stop")
                .build();
        ChatRequest plain = Calls.userOnly("claude-sonnet-4-5", "Give me a");
        ChatRequest schema = plain.toBuilder()
                .responseFormat(
                        ResponseFormat.jsonSchema("a", io.mlflowlite.json.Json.read("{\"type\":\"object\"}"), true))
                .build();

        Suggestion any = new CheaperModel().check(context(r, plain)).orElseThrow();
        Suggestion withSchema = new CheaperModel().check(context(r, schema)).orElseThrow();

        // sonnet $0.006; claude-3-haiku (no json_schema) 1000 x 0.25 + 200 x 1.25 = $0.0005;
        // claude-haiku-4-5 (json_schema) 1000 x 1.00 + 200 x 5.00 = $0.002
        assertThat(any.title()).endsWith("claude-3-haiku");
        assertThat(any.estimatedSavingPer1000Calls().orElseThrow()).isEqualByComparingTo("5.5");
        assertThat(withSchema.title()).endsWith("claude-haiku-4-5");
        assertThat(withSchema.estimatedSavingPer1000Calls().orElseThrow()).isEqualByComparingTo("4");
        assertThat(withSchema.evidence()).contains("json_schema");
    }

    @Test
    void noCheaperModelForTheCheapestOrForALargeTask() {
        ChatResponse cheapest = Calls.response("mock", "mini", "mock/mini", usage(1000, 200, 0, 0), "Paris.", "stop")
                .build();
        ChatResponse large = Calls.response("mock", "pro", "mock/pro", usage(12_000, 200, 0, 0), "Paris.", "stop")
                .build();

        assertThat(new CheaperModel().check(context(cheapest))).isEmpty();
        assertThat(new CheaperModel().check(context(large))).isEmpty();
    }

    @Test
    void slowAnswerForItsSizeIsReported() {
        ChatResponse slow = gpt4o(usage(50, 100, 0, 0), "ok")
                .attempts(List.of(new Attempt(
                        1,
                        "gpt-4o",
                        "openai",
                        Attempt.Outcome.SUCCESS,
                        0,
                        null,
                        Duration.ZERO,
                        Duration.ofMillis(12_000),
                        Duration.ZERO)))
                .build();
        ChatResponse fast = gpt4o(usage(50, 100, 0, 0), "ok").build();

        Suggestion s = new SlowForTask().check(context(slow)).orElseThrow();

        assertThat(s.evidence()).contains("12,000 ms for 100 output tokens (8.3 tokens/s)", "within 8,000 ms");
        assertThat(new SlowForTask().check(context(fast))).isEmpty();
    }

    @Test
    void longPromptForAShortAnswerSplitsThePromptAndPricesTheRepeatedLines() {
        String boilerplate = "Always answer in English and be very polite to the customer.\n";
        String system = Calls.rules(150) + boilerplate.repeat(20);
        ChatRequest request = ChatRequest.builder()
                .model("gpt-4o")
                .addSystemMessage(system)
                .addUserMessage("Where is my order?")
                .build();
        ChatResponse r = gpt4o(usage(3000, 40, 0, 0), "On its way.").build();

        Suggestion s = new LongPrompt().check(context(r, request)).orElseThrow();

        long repeated = TokenEstimator.shared().countText(boilerplate.repeat(19), "gpt-4o");
        assertThat(s.evidence())
                .contains(
                        "3,000 prompt tokens for 40 completion tokens (75:1)",
                        "lines repeated word for word add about " + repeated + " tokens");
        assertThat(s.change()).startsWith("shorten the system prompt").endsWith("remove the repeated lines");
        // repeated tokens x $2.50 per 1M input tokens, x 1,000 calls
        assertThat(s.estimatedSavingPer1000Calls().orElseThrow())
                .isEqualByComparingTo(new BigDecimal(repeated)
                        .multiply(new BigDecimal("2.50"))
                        .movePointLeft(3));
    }

    @Test
    void promptInProportionToTheAnswerIsNotTooLong() {
        assertThat(new LongPrompt()
                        .check(context(
                                gpt4o(usage(3000, 400, 0, 0), "Long answer").build())))
                .isEmpty();
        assertThat(new LongPrompt()
                        .check(context(gpt4o(usage(1500, 10, 0, 0), "Short").build())))
                .isEmpty();
    }

    @Test
    void missingSystemPromptIsReportedOnlyWhenTheRequestIsKnown() {
        ChatResponse r = gpt4o(usage(20, 5, 0, 0), "Paris.").build();
        ChatRequest withSystem = ChatRequest.builder()
                .model("gpt-4o")
                .addSystemMessage("Be brief.")
                .addUserMessage("Capital of France?")
                .build();

        assertThat(new NoSystemPrompt().check(context(r, Calls.userOnly("gpt-4o", "Capital of France?"))))
                .hasValueSatisfying(s -> assertThat(s.evidence()).contains("1 message(s) (user)"));
        assertThat(new NoSystemPrompt().check(context(r, withSystem))).isEmpty();
        assertThat(new NoSystemPrompt().check(context(r))).isEmpty();
    }

    @Test
    void repeatedOutputReportsTheRatioAndTheMostRepeatedPhrase() {
        String looping = "The capital of France is Paris. ".repeat(8);
        ChatResponse r = gpt4o(usage(20, 64, 0, 0), looping).build();

        Suggestion s = new RepeatedOutput().check(context(r)).orElseThrow();

        // 48 words, 46 trigrams, 6 distinct: 1 - 6/46 = 87% repeats
        assertThat(s.evidence()).contains("87% of the 46 three-word sequences", "occurs 8 times");
        assertThat(s.change()).contains("frequency_penalty");
    }

    @Test
    void variedOutputIsNotRepeated() {
        String varied = "Paris is the capital of France. It sits on the Seine, hosts the Louvre and the Eiffel "
                + "Tower, and has about two million inhabitants within its historic city limits today.";
        assertThat(new RepeatedOutput()
                        .check(context(gpt4o(usage(20, 40, 0, 0), varied).build())))
                .isEmpty();
    }

    @Test
    void jsonAskedForButNotEnforcedSuggestsTheModelsStrongestFormat() {
        ChatRequest asks = Calls.userOnly("gpt-3.5-turbo", "Return a JSON object with the name and age of Ada.");
        ChatResponse prose = Calls.response(
                        "openai",
                        "gpt-3.5-turbo",
                        "openai/gpt-3.5-turbo",
                        usage(20, 9, 0, 0),
                        "Ada Lovelace was 36.",
                        "stop")
                .build();
        ChatResponse json =
                gpt4o(usage(20, 9, 0, 0), "{\"name\":\"Ada\",\"age\":36}").build();

        Suggestion warning = new JsonNotEnforced().check(context(prose, asks)).orElseThrow();
        Suggestion info = new JsonNotEnforced()
                .check(context(json, asks.withModel("gpt-4o")))
                .orElseThrow();

        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.evidence()).contains("response_format is not set", "does not parse as JSON");
        assertThat(warning.change()).contains("json_object").contains("does not support json_schema");
        assertThat(info.severity()).isEqualTo(Severity.INFO);
        assertThat(info.change()).contains("json_schema", "strict=true");
    }

    @Test
    void jsonEnforcedOrNotAskedForIsFine() {
        ChatResponse json = gpt4o(usage(20, 9, 0, 0), "{\"name\":\"Ada\"}").build();
        ChatRequest enforced = Calls.userOnly("gpt-4o", "Return JSON with the name.").toBuilder()
                .responseFormat(ResponseFormat.JSON_OBJECT)
                .build();

        assertThat(new JsonNotEnforced().check(context(json, enforced))).isEmpty();
        assertThat(new JsonNotEnforced().check(context(json, Calls.userOnly("gpt-4o", "Name a jsonnet user"))))
                .isEmpty();
    }

    @Test
    void failedAttemptsAndTheFallbackThatAnsweredAreExplained() {
        ChatResponse r = gpt4o(usage(20, 5, 0, 0), "Paris.")
                .latency(Duration.ofMillis(2000))
                .attempts(List.of(
                        new Attempt(
                                1,
                                "gpt-4o",
                                "openai",
                                Attempt.Outcome.FAILED,
                                429,
                                "Rate limit reached",
                                Duration.ZERO,
                                Duration.ofMillis(100),
                                Duration.ZERO),
                        new Attempt(
                                2,
                                "gpt-4o",
                                "openai",
                                Attempt.Outcome.FAILED,
                                500,
                                "Internal error",
                                Duration.ofMillis(400),
                                Duration.ofMillis(200),
                                Duration.ofMillis(300)),
                        new Attempt(
                                3,
                                "claude-sonnet-4-5",
                                "anthropic",
                                Attempt.Outcome.SUCCESS,
                                0,
                                null,
                                Duration.ofMillis(1100),
                                Duration.ofMillis(900),
                                Duration.ofMillis(500))))
                .build();
        ChatRequest request = Calls.userOnly("gpt-4o", "Capital?").toBuilder()
                .fallbackModels("claude-sonnet-4-5")
                .build();

        Suggestion s = new RetriesAndFallbacks().check(context(r, request)).orElseThrow();

        assertThat(s.severity()).isEqualTo(Severity.WARNING);
        assertThat(s.evidence())
                .contains(
                        "attempt 1 on gpt-4o FAILED (HTTP 429): Rate limit reached after 100 ms",
                        "attempt 2 on gpt-4o FAILED (HTTP 500)",
                        "2 of 3 attempts failed",
                        // failures 100 + 200, backoff 300 + 500
                        "1100 ms lost to failures and backoff (55% of the 2000 ms call)",
                        "the answer came from fallback claude-sonnet-4-5, not gpt-4o");
        assertThat(s.change()).contains("rate-limited 1 attempt(s)", "compare its answers and cost with gpt-4o");
    }

    @Test
    void retryWithoutFallbacksSuggestsAddingOne() {
        ChatResponse r = gpt4o(usage(20, 5, 0, 0), "Paris.")
                .latency(Duration.ofMillis(5000))
                .attempts(List.of(
                        new Attempt(
                                1,
                                "gpt-4o",
                                "openai",
                                Attempt.Outcome.FAILED,
                                0,
                                "Attempt timed out after 1s",
                                Duration.ZERO,
                                Duration.ofMillis(1000),
                                Duration.ZERO),
                        Calls.success(2, "gpt-4o", "openai", Duration.ofMillis(100))))
                .build();

        Suggestion s = new RetriesAndFallbacks()
                .check(context(r, Calls.userOnly("gpt-4o", "Hi")))
                .orElseThrow();

        assertThat(s.severity()).isEqualTo(Severity.INFO);
        assertThat(s.change()).contains("lower the per-attempt timeout", "add fallbackModels on another provider");
    }

    @Test
    void aFirstAttemptSuccessIsNoRetryFinding() {
        assertThat(new RetriesAndFallbacks()
                        .check(context(gpt4o(usage(20, 5, 0, 0), "Paris.").build())))
                .isEmpty();
    }

    @Test
    void reasoningTokensDominatingTheCostSuggestLowerEffort() {
        ChatResponse r = Calls.response(
                        "openai", "o4-mini", "openai/o4-mini", usage(300, 1500, 0, 1400), "Yes.", "stop")
                .build();

        Suggestion s = new ReasoningDominates()
                .check(context(r, Calls.userOnly("o4-mini", "Is 91 prime?")))
                .orElseThrow();

        // reasoning 1400 x 4.40 = $0.00616 of 300 x 1.10 + 1500 x 4.40 = $0.00693 (per 1M)
        assertThat(s.evidence())
                .contains(
                        "1,400 of 1,500 output tokens",
                        "$0.006160 of the call's $0.006930 (89%)",
                        "reasoning_effort=not set");
        assertThat(s.change()).contains("reasoning_effort to low");
    }

    @Test
    void littleReasoningIsFine() {
        ChatResponse r = Calls.response("openai", "o4-mini", "openai/o4-mini", usage(300, 1500, 0, 100), "Yes.", "stop")
                .build();
        assertThat(new ReasoningDominates().check(context(r))).isEmpty();
    }

    @Test
    void longUncachedInstructionsArePricedAsACachingOpportunity() {
        String system = Calls.rules(150);
        ChatRequest request = ChatRequest.builder()
                .model("gpt-4o")
                .addSystemMessage(system)
                .addUserMessage("Where is my order?")
                .build();
        int prefix = TokenEstimator.shared().countText(system, "gpt-4o");
        ChatResponse r = gpt4o(usage(prefix + 30, 40, 0, 0), "On its way.").build();

        Suggestion s = new PromptCaching().check(context(r, request)).orElseThrow();

        assertThat(prefix).isGreaterThan(PromptCaching.MIN_PREFIX_TOKENS);
        assertThat(s.evidence()).contains("cached_tokens=0", "billed at 2.50 $/1M instead of the cached 1.25 $/1M");
        assertThat(s.change()).contains("byte-identical");
        // prefix x (2.50 - 1.25) per 1M, x 1,000 calls
        assertThat(s.estimatedSavingPer1000Calls().orElseThrow())
                .isEqualByComparingTo(
                        new BigDecimal(prefix).multiply(new BigDecimal("1.25")).movePointLeft(3));
    }

    @Test
    void cachedOrShortPrefixesAreNoCachingOpportunity() {
        String system = Calls.rules(150);
        ChatRequest longPrefix = ChatRequest.builder()
                .model("gpt-4o")
                .addSystemMessage(system)
                .addUserMessage("Where is my order?")
                .build();
        ChatRequest shortPrefix = ChatRequest.builder()
                .model("gpt-4o")
                .addSystemMessage("Be brief.")
                .addUserMessage("x".repeat(9000))
                .build();

        assertThat(new PromptCaching()
                        .check(context(gpt4o(usage(2500, 40, 2048, 0), "ok").build(), longPrefix)))
                .isEmpty();
        assertThat(new PromptCaching()
                        .check(context(gpt4o(usage(2500, 40, 0, 0), "ok").build(), shortPrefix)))
                .isEmpty();
    }
}
