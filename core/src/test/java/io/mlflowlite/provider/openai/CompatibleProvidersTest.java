package io.mlflowlite.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.StreamAccumulator;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompatibleProvidersTest {
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

    private static ChatRequest fullRequest(String model) {
        return ChatRequest.builder()
                .model(model)
                .addMessage(Message.developer("Be brief."))
                .addUserMessage("Weather in Paris?")
                .maxTokens(100)
                .seed(42L)
                .user("user-7")
                .reasoningEffort("low")
                .tools(ToolDefinition.function(
                        "get_weather",
                        "Current weather",
                        Json.read("{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}")))
                .toolChoice(ToolChoice.REQUIRED)
                .build();
    }

    @Test
    void mistralGetsRandomSeedAnyMaxTokensAndNoStreamOptions() {
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/mistral-stream.sse")));
        Deployment mistral = Calls.deployment(upstream, "mistral", "mistral-small-latest", "mistral-key");

        try (ChunkSource source = provider.stream(Calls.call(fullRequest("mistral-small-latest"), mistral))) {
            while (source.next() != null) {
                // read to the end
            }
        }

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).hasValue("Bearer mistral-key");
        JsonNode body = sent.jsonBody();
        assertThat(body.get("random_seed").asLong()).isEqualTo(42L);
        assertThat(body.has("seed")).isFalse();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.get("tool_choice").asText()).isEqualTo("any");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.has("stream_options")).isFalse();
        assertThat(body.has("user")).isFalse();
        assertThat(body.has("reasoning_effort")).isFalse();
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
    }

    @Test
    void mistralStreamCarriesUsageOnTheFinishingChunk() {
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/mistral-stream.sse")));
        Deployment mistral = Calls.deployment(upstream, "mistral", "mistral-small-latest", "mistral-key");
        StreamAccumulator accumulator = new StreamAccumulator();

        try (ChunkSource source =
                provider.stream(Calls.call(ChatRequest.of("mistral-small-latest", "Capital?"), mistral))) {
            for (ChatChunk chunk = source.next(); chunk != null; chunk = source.next()) {
                accumulator.add(chunk);
            }
        }
        ChatResponse response = accumulator.toResponse();

        assertThat(response.content()).isEqualTo("The capital of France is Paris.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).isEqualTo(new Usage(12, 8, 20, 0, 0, 0, false));
    }

    @Test
    void mistralChatAndToolCallResponsesNormalize() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/mistral-chat.json")));
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/mistral-chat-tool-call.json")));
        Deployment mistral = Calls.deployment(upstream, "mistral", "mistral-large-latest", "mistral-key");

        ChatResponse text = provider.chat(Calls.call(ChatRequest.of("mistral-large-latest", "Capital?"), mistral));
        ChatResponse tools = provider.chat(Calls.call(fullRequest("mistral-large-latest"), mistral));

        assertThat(text.content()).isEqualTo("The capital of France is Paris.");
        assertThat(text.provider()).isEqualTo("mistral");
        assertThat(text.usage()).isEqualTo(new Usage(12, 8, 20, 0, 0, 0, false));
        assertThat(tools.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(tools.toolCalls())
                .containsExactly(new ToolCall("D681PevKs", "get_weather", "{\"location\": \"Paris, France\"}"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ollama",
                "vllm",
                "lmstudio",
                "openai-compatible",
                "deepseek",
                "groq",
                "together",
                "openrouter",
                "xai",
                "some-new-server"
            })
    void compatibleServersGetMaxTokensSeedAndStreamOptions(String name) {
        assertThat(CompatProfile.of(name)).isEqualTo(CompatProfile.COMPATIBLE);
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")));

        try (ChunkSource source = provider.stream(
                Calls.call(fullRequest("llama3.1"), Calls.deployment(upstream, name, "llama3.1", null)))) {
            while (source.next() != null) {
                // read to the end
            }
        }

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.header("Authorization"))
                .as("no key, no Authorization header")
                .isEmpty();
        JsonNode body = sent.jsonBody();
        assertThat(body.get("model").asText()).isEqualTo("llama3.1");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.get("seed").asLong()).isEqualTo(42L);
        assertThat(body.get("tool_choice").asText()).isEqualTo("required");
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
    }

    @Test
    void openaiKeepsTheDeveloperRoleAndMaxCompletionTokens() {
        JsonNode body =
                OpenAiWire.requestBody(fullRequest("o3"), Calls.deployment(upstream, "openai", "o3", Calls.KEY), false);

        assertThat(body.at("/messages/0/role").asText()).isEqualTo("developer");
        assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(100);
        assertThat(body.get("seed").asLong()).isEqualTo(42L);
        assertThat(body.get("reasoning_effort").asText()).isEqualTo("low");
        assertThat(body.get("user").asText()).isEqualTo("user-7");
        assertThat(body.get("tool_choice").asText()).isEqualTo("required");
    }
}
