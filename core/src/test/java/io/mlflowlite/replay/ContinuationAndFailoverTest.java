package io.mlflowlite.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.error.Attempt;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.pipeline.RetryPolicy;
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

/**
 * What the replay suite cannot show from one answer: a stream failing before any output is retried, a
 * thinking + tools turn continues on Anthropic with its signed blocks, tool call ids are rewritten for the
 * provider receiving them while the Gemini thought signature still goes back to Gemini, server-tool requests are
 * priced.
 */
class ContinuationAndFailoverTest {
    private static final String CLAUDE = "anthropic/claude-sonnet-4-5-20250929";
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
                    upstream.url("/v1beta")))
            .retryPolicy(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1)))
            .build();

    @AfterEach
    void close() {
        gateway.close();
        upstream.close();
    }

    private static String replay(String path) {
        return Fixtures.text("replay/" + path);
    }

    @Test
    void anOverloadedErrorRightAfterMessageStartIsRetriedBecauseNoOutputReachedTheCaller() {
        upstream.enqueue(MockResponse.sseTranscript(replay("anthropic/overloaded-after-start.sse")));
        upstream.enqueue(MockResponse.sseTranscript(replay("anthropic/text.sse")));

        try (ChatStream stream = gateway.stream(ChatRequest.builder().model(CLAUDE).addUserMessage("Hi").stream(true)
                .build())) {
            ChatResponse response = stream.response();

            assertThat(response.content()).isEqualTo("Paris is the capital of France.");
            assertThat(response.attempts())
                    .extracting(Attempt::outcome)
                    .containsExactly(Attempt.Outcome.FAILED, Attempt.Outcome.SUCCESS);
        }
        assertThat(upstream.requestCount()).isEqualTo(2);
    }

    @Test
    void anOverloadedErrorAfterTextReachesTheCallerWithoutARetry() {
        upstream.enqueue(MockResponse.sseTranscript(replay("anthropic/overloaded-mid-stream.sse")));
        upstream.enqueue(MockResponse.sseTranscript(replay("anthropic/text.sse")));

        try (ChatStream stream = gateway.stream(ChatRequest.builder().model(CLAUDE).addUserMessage("Hi").stream(true)
                .build())) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(stream::response))
                    .isNotNull();
        }
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void webSearchRequestsArePricedOnTopOfTokens() {
        upstream.enqueue(MockResponse.json(200, replay("anthropic/web-search.json")));
        upstream.enqueue(MockResponse.json(
                200,
                replay("anthropic/web-search.json").replace(",\"server_tool_use\":{\"web_search_requests\":1}", "")));

        ChatRequest request = ChatRequest.of(CLAUDE, "Tallest building?");
        ChatResponse withSearch = gateway.completion(request);
        ChatResponse without = gateway.completion(request);

        assertThat(withSearch.usage().serverToolUse()).containsEntry("web_search_requests", 1);
        assertThat(withSearch.cost().serverTools()).isEqualByComparingTo("0.01");
        assertThat(withSearch.cost().total().subtract(without.cost().total()))
                .isEqualByComparingTo(new BigDecimal("0.01"));
    }

    @Test
    void aThinkingAndToolsTurnIsSentBackWithItsSignedBlocksBeforeTheToolUse() {
        upstream.enqueue(MockResponse.json(200, replay("anthropic/thinking-tool-use.json")));
        upstream.enqueue(MockResponse.json(200, replay("anthropic/text.json")));

        ChatResponse first = gateway.completion(ChatRequest.of(CLAUDE, "Weather in Paris?"));
        Message assistant = first.choices().getFirst().message();
        ToolCall call = first.toolCalls().getFirst();
        gateway.completion(ChatRequest.builder()
                .model(CLAUDE)
                .addUserMessage("Weather in Paris?")
                .addMessage(assistant)
                .addMessage(Message.tool(call.id(), "18 C"))
                .build());

        upstream.takeRequest();
        JsonNode turn = upstream.takeRequest().jsonBody().at("/messages/1");
        JsonNode expected =
                Json.read(replay("anthropic/thinking-tool-use.json")).get("content");
        assertThat(turn.get("role").asText()).isEqualTo("assistant");
        assertThat(Json.read(turn.get("content").toString())).isEqualTo(expected);
    }

    @Test
    void geminiIdsAreRewrittenForAnthropicAndOpenAiWhileTheSignatureStillGoesBackToGemini() {
        upstream.enqueue(MockResponse.json(200, replay("gemini/function-call-signature.json")));
        ChatResponse gemini = gateway.completion(ChatRequest.of("gemini/gemini-2.5-flash", "Weather?"));
        ToolCall signed = gemini.toolCalls().getFirst();
        assertThat(signed.id()).contains("~").hasSizeGreaterThan(64);
        List<Message> conversation = List.of(
                Message.user("Weather?"),
                gemini.choices().getFirst().message(),
                Message.tool(signed.id(), "18 C"),
                Message.tool(gemini.toolCalls().get(1).id(), "noon"));

        for (String model : List.of(CLAUDE, "openai/gpt-4o", "gemini/gemini-2.5-flash")) {
            upstream.enqueue(MockResponse.json(
                    200,
                    replay(
                            model.startsWith("anthropic")
                                    ? "anthropic/text.json"
                                    : model.startsWith("openai") ? "openai/text.json" : "gemini/text.json")));
            gateway.completion(
                    ChatRequest.builder().model(model).messages(conversation).build());
        }

        upstream.takeRequest(); // the Gemini call that handed out the ids
        JsonNode anthropic = upstream.takeRequest().jsonBody();
        String toolUseId = anthropic.at("/messages/1/content/0/id").asText();
        assertThat(toolUseId).matches("[A-Za-z0-9_-]{1,64}");
        assertThat(anthropic.at("/messages/2/content/0/tool_use_id").asText()).isEqualTo(toolUseId);

        JsonNode openAi = upstream.takeRequest().jsonBody();
        String callId = openAi.at("/messages/1/tool_calls/0/id").asText();
        assertThat(callId).hasSizeLessThanOrEqualTo(40);
        assertThat(openAi.at("/messages/2/tool_call_id").asText()).isEqualTo(callId);
        assertThat(openAi.at("/messages/1/tool_calls/1/id").asText()).isEqualTo("call_1_get_time");

        RecordedRequest back = upstream.takeRequest();
        String signature = Json.read(replay("gemini/function-call-signature.json"))
                .at("/candidates/0/content/parts/0/thoughtSignature")
                .asText();
        assertThat(back.jsonBody().at("/contents/1/parts/0/thoughtSignature").asText())
                .isEqualTo(signature);
    }
}
