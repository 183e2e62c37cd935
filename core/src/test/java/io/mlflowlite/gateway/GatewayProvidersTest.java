package io.mlflowlite.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.chat.Message;
import io.mlflowlite.error.Attempt;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.DeadlineExceededException;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.UnknownModelException;
import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole pipeline against each provider's wire format on a real socket: routing, pricing, reliability. */
class GatewayProvidersTest {
    private final MockLlmServer upstream = MockLlmServer.start();
    private final Gateway gateway = Gateway.builder()
            .env(Map.of(
                    "OPENAI_API_KEY",
                    "sk-test-openai",
                    "OPENAI_BASE_URL",
                    upstream.url("/v1"),
                    "ANTHROPIC_API_KEY",
                    "sk-ant-test",
                    "ANTHROPIC_BASE_URL",
                    upstream.url(),
                    "GEMINI_API_KEY",
                    "gm-test",
                    "GEMINI_BASE_URL",
                    upstream.url("/v1beta"),
                    "MISTRAL_API_KEY",
                    "ms-test",
                    "MISTRAL_BASE_URL",
                    upstream.url("/v1")))
            .retryPolicy(new io.mlflowlite.pipeline.RetryPolicy(
                    2, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(1)))
            .build();

    @AfterEach
    void close() {
        gateway.close();
        upstream.close();
    }

    @Test
    void openAiUsageWithCachedAndReasoningTokensIsPricedExactly() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat-cached-reasoning-usage.json")));

        ChatResponse r = gateway.completion(ChatRequest.of("o4-mini", "Is 2147483647 prime?"));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).hasValue("Bearer sk-test-openai");
        assertThat(sent.jsonBody().path("model").asText()).isEqualTo("o4-mini");
        assertThat(r.provider()).isEqualTo("openai");
        assertThat(r.usage().cachedTokens()).isEqualTo(2048);
        assertThat(r.usage().reasoningTokens()).isEqualTo(1408);
        // 270 uncached x 1.10 + 2048 cached x 0.275 + 1471 output x 4.40, per million
        assertThat(r.cost().total()).isEqualByComparingTo(new BigDecimal("0.0073326"));
        assertThat(r.cost().provenance())
                .hasValueSatisfying(p -> assertThat(p.entry()).isEqualTo("openai/o4-mini"));
        assertThat(r.cost().estimated()).isFalse();
    }

    @Test
    void anthropicCacheReadsAndWritesArePricedExactly() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("anthropic/messages-cache-usage.json")));

        ChatResponse r = gateway.completion(ChatRequest.of("claude-sonnet-4-5", "What does 4.2 say?"));

        assertThat(upstream.takeRequest().path()).isEqualTo("/v1/messages");
        assertThat(r.provider()).isEqualTo("anthropic");
        assertThat(r.usage().promptTokens()).isEqualTo(14 + 18240 + 1536);
        // 14 x 3.00 + 18240 x 0.30 + 1536 x 3.75 + 19 x 15.00, per million
        assertThat(r.cost().total()).isEqualByComparingTo(new BigDecimal("0.011559"));
        assertThat(r.cost().cacheWrite()).isEqualByComparingTo(new BigDecimal("0.00576"));
    }

    @Test
    void geminiThoughtsArePricedAsOutput() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("gemini/generate-thoughts-usage.json")));

        ChatResponse r = gateway.completion(ChatRequest.of("gemini-2.5-pro", "Explain."));

        assertThat(upstream.takeRequest().path()).isEqualTo("/v1beta/models/gemini-2.5-pro:generateContent");
        assertThat(r.provider()).isEqualTo("gemini");
        // 114 uncached x 1.25 + 4096 cached x 0.125 + (58 + 311) output x 10.00, per million
        assertThat(r.cost().total()).isEqualByComparingTo(new BigDecimal("0.0043445"));
    }

    @Test
    void mistralGoesThroughTheOpenAiAdapterWithItsProfile() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/mistral-chat.json")));

        ChatResponse r = gateway.completion(ChatRequest.builder()
                .model("mistral-small")
                .addUserMessage("hi")
                .seed(7L)
                .build());

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.header("authorization")).hasValue("Bearer ms-test");
        assertThat(sent.jsonBody().path("model").asText()).isEqualTo("mistral-small-latest");
        assertThat(sent.jsonBody().path("random_seed").asLong()).isEqualTo(7L);
        assertThat(r.provider()).isEqualTo("mistral");
        assertThat(r.cost().priced()).isTrue();
    }

    @Test
    void retriesA429OnTheWireHonouringRetryAfter() {
        upstream.enqueue(
                MockResponse.json(429, Fixtures.text("openai/error-429.json")).header("retry-after-ms", "20"));
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));

        ChatResponse r = gateway.completion(ChatRequest.of("gpt-4o", "hi"));

        assertThat(upstream.requestCount()).isEqualTo(2);
        assertThat(r.attempts())
                .extracting(Attempt::outcome)
                .containsExactly(Attempt.Outcome.FAILED, Attempt.Outcome.SUCCESS);
        assertThat(r.attempts().get(1).backoff()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void fallsBackFromOpenAiToAnthropicAfterRetries() {
        for (int i = 0; i < 3; i++) {
            upstream.enqueue(
                    MockResponse.json(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        }
        upstream.enqueue(MockResponse.json(200, Fixtures.text("anthropic/messages.json")));

        ChatResponse r = gateway.completion(ChatRequest.builder()
                .model("gpt-4o")
                .addUserMessage("hi")
                .fallbackModels("claude-sonnet-4-5")
                .build());

        assertThat(r.provider()).isEqualTo("anthropic");
        assertThat(r.attempts())
                .extracting(Attempt::model)
                .containsExactly("gpt-4o", "gpt-4o", "gpt-4o", "claude-sonnet-4-5");
        assertThat(r.attempts().get(0).status()).isEqualTo(503);
    }

    @Test
    void providerErrorsKeepStatusTypeAndMessage() {
        upstream.enqueue(MockResponse.json(400, Fixtures.text("openai/error-400.json")));

        assertThatThrownBy(() -> gateway.completion(ChatRequest.of("gpt-4o", "hi")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isPresent();
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).doesNotContain("sk-test-openai");
                });
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void streamsAccumulateWithUsageAndCost() {
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")));

        try (ChatStream stream = gateway.stream(ChatRequest.of("gpt-4o", "hi"))) {
            StringBuilder text = new StringBuilder();
            stream.forEach(chunk -> text.append(chunk.content()));
            ChatResponse whole = stream.response();

            assertThat(whole.content()).isEqualTo(text.toString()).isNotEmpty();
            assertThat(whole.usage().totalTokens()).isPositive();
            assertThat(whole.usage().estimated()).isFalse();
            assertThat(whole.cost().priced()).isTrue();
            assertThat(whole.cost().total()).isPositive();
        }
        assertThat(upstream.takeRequest()
                        .jsonBody()
                        .at("/stream_options/include_usage")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void stalledUpstreamFailsAtTheDeadlineInsteadOfHanging() {
        for (int i = 0; i < 3; i++) {
            upstream.enqueue(MockResponse.fault(Fault.STALL));
        }

        assertThatThrownBy(() -> gateway.completion(ChatRequest.builder()
                        .model("gpt-4o")
                        .addUserMessage("hi")
                        .timeout(Duration.ofMillis(200))
                        .deadline(Duration.ofMillis(500))
                        .build()))
                .isInstanceOfAny(DeadlineExceededException.class, AttemptTimeoutException.class);
    }

    @Test
    void batchKeepsOrderAndIsolatesFailures() {
        upstream.setDispatcher(request -> request.body().contains("fail")
                ? MockResponse.json(400, Fixtures.text("openai/error-400.json"))
                : MockResponse.json(200, Fixtures.text("openai/chat.json")));

        List<BatchResult> results = gateway.batchCompletion(
                "gpt-4o",
                List.of(
                        List.of(Message.user("one")),
                        List.of(Message.user("please fail")),
                        List.of(Message.user("three"))));

        assertThat(results).extracting(BatchResult::index).containsExactly(0, 1, 2);
        assertThat(results).extracting(BatchResult::isSuccess).containsExactly(true, false, true);
        assertThat(results.get(1).error()).isInstanceOf(ProviderException.class);
    }

    @Test
    void invalidRequestsNeverReachTheNetwork() {
        assertThatThrownBy(() ->
                        gateway.completion(ChatRequest.builder().model("gpt-4o").build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("messages");
        assertThatThrownBy(() -> gateway.completion(ChatRequest.builder()
                        .model("gpt-4o")
                        .addUserMessage("x")
                        .maxTokens(-5)
                        .build()))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("max_tokens"));
        assertThatThrownBy(() -> gateway.completion(ChatRequest.builder()
                        .model("gpt-4o")
                        .addUserMessage("x")
                        .addMessage(Message.tool("call_missing", "42"))
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("call_missing");
        assertThatThrownBy(() -> gateway.completion(ChatRequest.of("gtp-4o", "x")))
                .isInstanceOfSatisfying(
                        UnknownModelException.class,
                        e -> assertThat(e.closeMatches()).contains("gpt-4o"));
        assertThat(upstream.requestCount()).isZero();
    }
}
