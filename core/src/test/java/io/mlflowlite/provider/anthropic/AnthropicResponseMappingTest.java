package io.mlflowlite.provider.anthropic;

import static io.mlflowlite.provider.anthropic.AnthropicUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicResponseMappingTest {
    private final AnthropicUpstream upstream = new AnthropicUpstream();

    @AfterEach
    void stop() {
        upstream.close();
    }

    private ChatResponse answer(String fixture, ChatRequest request) {
        upstream.server.enqueue(MockResponse.json(200, Fixtures.text(fixture)));
        return upstream.chat(request);
    }

    private ChatResponse answer(String fixture) {
        return answer(fixture, ChatRequest.of("anthropic/claude-sonnet-4-5", "Hi"));
    }

    @Test
    void mapsATextMessageToAnOpenAiShapedResponse() {
        ChatResponse response = answer("anthropic/messages.json");

        assertThat(response.id()).isEqualTo("msg_01Hq7tB3xYkR9vWnZpL2cDfE");
        assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(response.provider()).isEqualTo("anthropic");
        assertThat(response.created()).isPositive();
        assertThat(response.content()).isEqualTo("The capital of France is Paris.");
        assertThat(response.toolCalls()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).isEqualTo(new Usage(21, 10, 31, 0, 0, 0, false));
        assertThat(response.raw()).contains(json(Fixtures.text("anthropic/messages.json")));
    }

    @Test
    void mapsToolUseBlocksToToolCallsKeepingTheText() {
        ChatResponse response = answer("anthropic/messages-tool-use.json");

        assertThat(response.content()).isEqualTo("I'll look up the weather in both cities.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.toolCalls())
                .extracting(ToolCall::id, ToolCall::name)
                .containsExactly(
                        tuple("toolu_01A9pWcXv3LmQe7RtY2uZk8N", "get_weather"),
                        tuple("toolu_01Bf5hKs2NqJx8WdVc4MtLp6", "get_weather"));
        assertThat(json(response.toolCalls().get(0).arguments()))
                .isEqualTo(json("{\"location\":\"Paris, France\",\"unit\":\"celsius\"}"));
        assertThat(json(response.toolCalls().get(1).arguments()))
                .isEqualTo(json("{\"location\":\"Tokyo, Japan\",\"unit\":\"celsius\"}"));
    }

    @Test
    void countsCacheReadsAndWritesInPromptTokens() {
        ChatResponse response = answer("anthropic/messages-cache-usage.json");

        // input_tokens 14 + cache_read_input_tokens 18240 + cache_creation_input_tokens 1536
        assertThat(response.usage()).isEqualTo(new Usage(19790, 19, 19809, 18240, 1536, 0, false));
    }

    @Test
    void leavesThinkingOutOfTheContentAndMapsMaxTokensToLength() {
        ChatResponse response = answer("anthropic/messages-thinking-max-tokens.json");

        assertThat(response.content())
                .startsWith("Assume there are only finitely many primes")
                .doesNotContain("Euclid's argument");
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.usage().completionTokens()).isEqualTo(1100);
    }

    @Test
    void returnsTheSchemaToolInputAsJsonTextWithFinishReasonStop() {
        ChatResponse response = answer(
                "anthropic/messages-json-schema.json",
                ChatRequest.builder()
                        .model("anthropic/claude-sonnet-4-5")
                        .addUserMessage("Facts about Paris")
                        .responseFormat(ResponseFormat.jsonSchema("city_facts", json("{\"type\":\"object\"}"), true))
                        .build());

        assertThat(json(response.content()))
                .isEqualTo(json("{\"city\":\"Paris\",\"country\":\"France\",\"population\":2102650}"));
        assertThat(response.toolCalls()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void keepsTheSchemaToolAsAToolCallWhenTheCallerDidNotAskForJson() {
        ChatResponse response = answer("anthropic/messages-json-schema.json");

        assertThat(response.toolCalls()).extracting(ToolCall::name).containsExactly("city_facts");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void rejectsABodyThatIsNotJsonAsMalformed() {
        upstream.server.enqueue(MockResponse.json(200, "{\"id\":\"msg_01\",\"content\":[{\"type\":\"te"));

        assertThatThrownBy(() -> upstream.chat(ChatRequest.of("anthropic/claude-sonnet-4-5", "Hi")))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void rejectsAMessageWithoutContentAsMalformed() {
        upstream.server.enqueue(MockResponse.json(200, "{\"id\":\"msg_01\",\"type\":\"message\"}"));

        assertThatThrownBy(() -> upstream.chat(ChatRequest.of("anthropic/claude-sonnet-4-5", "Hi")))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("content");
    }

    @ParameterizedTest
    @CsvSource({
        "end_turn, stop",
        "stop_sequence, stop",
        "pause_turn, stop",
        "max_tokens, length",
        "tool_use, tool_calls",
        "refusal, content_filter"
    })
    void mapsStopReasonsToOpenAiFinishReasons(String stopReason, String finishReason) {
        assertThat(AnthropicResponse.finishReason(stopReason, false).wire()).isEqualTo(finishReason);
    }
}
