package io.mlflowlite.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.ConnectionException;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiProviderChatTest {
    private MockLlmServer upstream;
    private final OpenAiProvider provider = Calls.provider();

    @BeforeEach
    void start() {
        upstream = MockLlmServer.start();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void postsChatCompletionWithBearerKeyAndNormalizesTheAnswer() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
        ChatRequest request = ChatRequest.builder()
                .model("gpt-4o-mini")
                .addSystemMessage("Answer in one sentence.")
                .addUserMessage("What is the capital of France?")
                .temperature(0.2)
                .maxTokens(64)
                .build();

        ChatResponse response = provider.chat(Calls.call(request, Calls.openai(upstream, "gpt-4o-mini")));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).hasValue("Bearer " + Calls.KEY);
        assertThat(sent.header("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = sent.jsonBody();
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("Answer in one sentence.");
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/1/content").asText()).isEqualTo("What is the capital of France?");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("stream_options")).isFalse();

        assertThat(response.id()).isEqualTo("chatcmpl-BQ3kx8sJwEYVq1uC0nV7pTf2mZr4L");
        assertThat(response.created()).isEqualTo(1745923812L);
        assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.provider()).isEqualTo("openai");
        assertThat(response.content()).isEqualTo("The capital of France is Paris.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.toolCalls()).isEmpty();
        assertThat(response.usage()).isEqualTo(new Usage(24, 8, 32, 0, 0, 0, false));
        assertThat(response.systemFingerprint()).hasValue("fp_0392822090");
        assertThat(response.raw())
                .hasValueSatisfying(
                        raw -> assertThat(raw.get("service_tier").asText()).isEqualTo("default"));
    }

    @Test
    void readsParallelToolCallsWithNullContent() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat-tool-call.json")));

        ChatResponse response = provider.chat(
                Calls.call(ChatRequest.of("gpt-4o", "Weather and time in Paris?"), Calls.openai(upstream, "gpt-4o")));

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.content()).isEmpty();
        assertThat(response.choices().getFirst().message().content()).isEmpty();
        assertThat(response.toolCalls())
                .containsExactly(
                        new ToolCall(
                                "call_Xq3VbT9kLmN2pR7sW1yZ4aC6",
                                "get_weather",
                                "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}"),
                        new ToolCall("call_Hd8FgJ2kLp5QwE9rT3yU7iO1", "get_time", "{\"timezone\":\"Europe/Paris\"}"));
    }

    @Test
    void keepsCachedAndReasoningTokensInsideTheTotals() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat-cached-reasoning-usage.json")));

        ChatResponse response = provider.chat(
                Calls.call(ChatRequest.of("o4-mini", "Is 2147483647 prime?"), Calls.openai(upstream, "o4-mini")));

        assertThat(response.usage()).isEqualTo(new Usage(2318, 1471, 3789, 2048, 0, 1408, false));
        assertThat(response.systemFingerprint()).isEmpty();
    }

    @Test
    void rateLimitBecomesRateLimitedExceptionWithRetryAfter() {
        upstream.enqueue(MockResponse.json(429, Fixtures.text("openai/error-429.json"))
                .header("retry-after", "2")
                .header("x-ratelimit-remaining-tokens", "548"));

        RateLimitedException e = catchThrowableOfType(
                RateLimitedException.class,
                () -> provider.chat(
                        Calls.call(ChatRequest.of("gpt-4o-mini", "hi"), Calls.openai(upstream, "gpt-4o-mini"))));

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(2));
        assertThat(e.code()).hasValue("rate_limit_exceeded");
        assertThat(e.type()).hasValue("tokens");
        assertThat(e.retryable()).isTrue();
        assertThat(e.providerMessage()).startsWith("Rate limit reached for gpt-4o-mini");
    }

    @Test
    void badRequestKeepsStatusTypeAndMessageAndIsNotRetryable() {
        upstream.enqueue(MockResponse.json(400, Fixtures.text("openai/error-400.json")));

        ProviderException e = catchThrowableOfType(
                ProviderException.class,
                () -> provider.chat(Calls.call(ChatRequest.of("o3", "hi"), Calls.openai(upstream, "o3"))));

        assertThat(e).isNotInstanceOf(RateLimitedException.class);
        assertThat(e.provider()).isEqualTo("openai");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).hasValue("invalid_request_error");
        assertThat(e.code()).hasValue("unsupported_parameter");
        assertThat(e.providerMessage()).startsWith("Unsupported parameter: 'max_tokens'");
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).doesNotContain(Calls.KEY);
    }

    @Test
    void htmlInsteadOfJsonIsMalformed() {
        upstream.enqueue(MockResponse.text(200, "text/html", Fixtures.text("openai/chat-not-json.html")));

        assertThatThrownBy(() -> provider.chat(
                        Calls.call(ChatRequest.of("gpt-4o-mini", "hi"), Calls.openai(upstream, "gpt-4o-mini"))))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("invalid JSON");
    }

    @Test
    void jsonWithoutChoicesIsMalformed() {
        upstream.enqueue(MockResponse.json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}"));

        assertThatThrownBy(() -> provider.chat(
                        Calls.call(ChatRequest.of("gpt-4o-mini", "hi"), Calls.openai(upstream, "gpt-4o-mini"))))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("'choices'");
    }

    @Test
    void connectionResetIsConnectionException() {
        upstream.enqueue(MockResponse.fault(Fault.RESET));

        assertThatThrownBy(() -> provider.chat(
                        Calls.call(ChatRequest.of("gpt-4o-mini", "hi"), Calls.openai(upstream, "gpt-4o-mini"))))
                .isInstanceOf(ConnectionException.class);
    }

    @Test
    void stalledHeadersTimeOutWithinTheAttemptBudget() {
        upstream.enqueue(MockResponse.fault(Fault.STALL));

        assertThatThrownBy(() -> provider.chat(Calls.call(
                        ChatRequest.of("gpt-4o-mini", "hi"),
                        Calls.openai(upstream, "gpt-4o-mini"),
                        Duration.ofMillis(200))))
                .isInstanceOf(AttemptTimeoutException.class)
                .hasMessageContaining("200 ms");
    }

    @Test
    void extraBodyAndExtraHeadersPassThroughAndWin() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
        Deployment deployment = Calls.deployment(
                upstream,
                "openai",
                "gpt-4o-mini",
                Calls.KEY,
                Map.of("OpenAI-Organization", "org-from-config", "X-Team", "search"));
        ChatRequest request = ChatRequest.builder()
                .model("gpt-4o-mini")
                .addUserMessage("hi")
                .temperature(0.5)
                .extraBody("service_tier", "flex")
                .extraBody("prediction", Map.of("type", "content", "content", "draft"))
                .extraBody("temperature", 0.9)
                .extraHeader("X-Team", "ads")
                .extraHeader("Idempotency-Key", "req-42")
                .build();

        provider.chat(Calls.call(request, deployment));

        RecordedRequest sent = upstream.takeRequest();
        JsonNode body = sent.jsonBody();
        assertThat(body.get("service_tier").asText()).isEqualTo("flex");
        assertThat(body.at("/prediction/content").asText()).isEqualTo("draft");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.9);
        assertThat(sent.header("OpenAI-Organization")).hasValue("org-from-config");
        assertThat(sent.header("X-Team")).hasValue("ads");
        assertThat(sent.header("Idempotency-Key")).hasValue("req-42");
        assertThat(sent.header("Authorization")).hasValue("Bearer " + Calls.KEY);
    }

    @Test
    void sendsAssistantToolCallsAndToolResultsBack() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
        ToolCall call = new ToolCall("call_1", "get_weather", "{\"location\":\"Paris\"}");
        ChatRequest request = ChatRequest.builder()
                .model("gpt-4o")
                .addUserMessage("Weather in Paris?")
                .addMessage(Message.assistant(null, List.of(call)))
                .addMessage(Message.tool("call_1", "{\"temp_c\":18}"))
                .build();

        provider.chat(Calls.call(request, Calls.openai(upstream, "gpt-4o")));

        JsonNode messages = upstream.takeRequest().jsonBody().get("messages");
        assertThat(messages.get(1).get("content").isNull()).isTrue();
        assertThat(messages.at("/1/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(messages.at("/1/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(messages.at("/1/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(messages.at("/1/tool_calls/0/function/arguments").asText()).isEqualTo("{\"location\":\"Paris\"}");
        assertThat(messages.at("/2/role").asText()).isEqualTo("tool");
        assertThat(messages.at("/2/tool_call_id").asText()).isEqualTo("call_1");
        assertThat(messages.at("/2/content").asText()).isEqualTo("{\"temp_c\":18}");
    }
}
