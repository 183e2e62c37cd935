package io.mlflowlite.provider.anthropic;

import static io.mlflowlite.provider.anthropic.AnthropicUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicRequestMappingTest {
    private final AnthropicUpstream upstream = new AnthropicUpstream();

    @AfterEach
    void stop() {
        upstream.close();
    }

    private RecordedRequest send(ChatRequest request) {
        upstream.server.enqueue(MockResponse.json(200, Fixtures.text("anthropic/messages.json")));
        upstream.chat(request);
        return upstream.server.takeRequest();
    }

    private JsonNode body(ChatRequest request) {
        return send(request).jsonBody();
    }

    private static ChatRequest.Builder request() {
        return ChatRequest.builder().model("anthropic/claude-sonnet-4-5");
    }

    @Test
    void postsToMessagesWithApiKeyVersionDeploymentHeadersAndExtraHeaders() {
        upstream.server.enqueue(MockResponse.json(200, Fixtures.text("anthropic/messages.json")));
        ChatRequest request = request()
                .addUserMessage("Hi")
                .extraHeader("anthropic-beta", "prompt-caching-2024-07-31")
                .build();
        upstream.provider.chat(upstream.call(request, Map.of("x-team", "search"), Duration.ofSeconds(5)));

        RecordedRequest sent = upstream.server.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).contains(AnthropicUpstream.API_KEY);
        assertThat(sent.header("anthropic-version")).contains("2023-06-01");
        assertThat(sent.header("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(sent.header("anthropic-beta")).contains("prompt-caching-2024-07-31");
        assertThat(sent.header("x-team")).contains("search");
        assertThat(sent.header("authorization")).isEmpty();
        assertThat(sent.jsonBody().get("model").asText()).isEqualTo(AnthropicUpstream.MODEL);
        assertThat(sent.jsonBody().has("stream")).isFalse();
    }

    @Test
    void liftsSystemAndDeveloperMessagesIntoTopLevelSystem() {
        JsonNode body = body(request()
                .addSystemMessage("You are terse.")
                .addUserMessage("Hi")
                .addMessage(Message.developer("Answer in French."))
                .build());

        assertThat(body.get("system").asText()).isEqualTo("You are terse.\n\nAnswer in French.");
        assertThat(body.get("messages")).isEqualTo(json("""
                [{"role":"user","content":[{"type":"text","text":"Hi"}]}]"""));
    }

    @Test
    void defaultsMaxTokensWhenTheRequestSetsNone() {
        assertThat(body(request().addUserMessage("Hi").build())
                        .get("max_tokens")
                        .asInt())
                .isEqualTo(AnthropicProvider.DEFAULT_MAX_TOKENS)
                .isEqualTo(4096);
        assertThat(body(request().addUserMessage("Hi").maxTokens(300).build())
                        .get("max_tokens")
                        .asInt())
                .isEqualTo(300);
    }

    @Test
    void mergesConsecutiveMessagesOfTheSameRoleIntoOneTurn() {
        JsonNode body = body(request()
                .addUserMessage("First question.")
                .addUserMessage("Second question.")
                .addMessage(Message.assistant("Answer one."))
                .addMessage(Message.assistant("Answer two."))
                .addUserMessage("Thanks")
                .build());

        assertThat(body.get("messages")).isEqualTo(json("""
                [{"role":"user","content":[{"type":"text","text":"First question."},
                                           {"type":"text","text":"Second question."}]},
                 {"role":"assistant","content":[{"type":"text","text":"Answer one."},
                                                {"type":"text","text":"Answer two."}]},
                 {"role":"user","content":[{"type":"text","text":"Thanks"}]}]"""));
    }

    @Test
    void sendsToolCallsAsToolUseAndToolResultsAsToolResultBlocksInOneUserTurn() {
        JsonNode body = body(request()
                .addUserMessage("Weather in Paris and Tokyo?")
                .addMessage(Message.assistant(
                        "Checking.",
                        List.of(
                                new ToolCall("toolu_01A", "get_weather", "{\"location\":\"Paris\"}"),
                                new ToolCall("toolu_01B", "get_weather", "{\"location\":\"Tokyo\"}"))))
                .addMessage(Message.tool("toolu_01A", "18C, cloudy"))
                .addMessage(Message.tool("toolu_01B", "24C, clear"))
                .addUserMessage("Which is warmer?")
                .build());

        assertThat(body.get("messages")).isEqualTo(json("""
                [{"role":"user","content":[{"type":"text","text":"Weather in Paris and Tokyo?"}]},
                 {"role":"assistant","content":[
                    {"type":"text","text":"Checking."},
                    {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"location":"Paris"}},
                    {"type":"tool_use","id":"toolu_01B","name":"get_weather","input":{"location":"Tokyo"}}]},
                 {"role":"user","content":[
                    {"type":"tool_result","tool_use_id":"toolu_01A","content":"18C, cloudy"},
                    {"type":"tool_result","tool_use_id":"toolu_01B","content":"24C, clear"},
                    {"type":"text","text":"Which is warmer?"}]}]"""));
    }

    @Test
    void refusesToolCallArgumentsThatAreNotAJsonObjectBeforeSending() {
        ChatRequest request = request()
                .addUserMessage("Weather?")
                .addMessage(Message.assistant(null, List.of(new ToolCall("toolu_01X", "get_weather", "{\"loc"))))
                .addMessage(Message.tool("toolu_01X", "sunny"))
                .build();

        assertThatThrownBy(() -> upstream.chat(request)).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.param()).isEqualTo("messages[1].tool_calls[0].function.arguments");
            assertThat(e.getMessage()).contains("toolu_01X").contains("get_weather");
        });
        assertThat(upstream.server.requestCount()).isZero();
    }

    @Test
    void sendsDataUrlImagesAsBase64AndHttpImagesAsUrlSources() {
        JsonNode body = body(request()
                .addMessage(
                        Message.user(
                                ContentPart.text("What is in these images?"),
                                ContentPart.image("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAE="),
                                ContentPart.image(
                                        "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg")))
                .build());

        assertThat(body.at("/messages/0/content")).isEqualTo(json("""
                [{"type":"text","text":"What is in these images?"},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgoAAAANSUhEUgAAAAE="}},
                 {"type":"image","source":{"type":"url",
                   "url":"https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"}}]"""));
    }

    @Test
    void mapsSamplingStopUserAndToolsAndDisablesParallelToolUse() {
        JsonNode body = body(request()
                .addUserMessage("Weather?")
                .temperature(0.2)
                .topP(0.9)
                .stop("###", "END")
                .user("user-42")
                .seed(7L)
                .tools(
                        ToolDefinition.function("get_weather", "Current weather for a city", json("""
                                {"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}""")),
                        ToolDefinition.function("get_time", null, null))
                .toolChoice(ToolChoice.REQUIRED)
                .parallelToolCalls(false)
                .build());

        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.get("stop_sequences")).isEqualTo(json("[\"###\",\"END\"]"));
        assertThat(body.get("metadata")).isEqualTo(json("{\"user_id\":\"user-42\"}"));
        assertThat(body.has("seed")).as("seed is dropped").isFalse();
        assertThat(body.get("tools")).isEqualTo(json("""
                [{"name":"get_weather","description":"Current weather for a city",
                  "input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}},
                 {"name":"get_time","input_schema":{"type":"object","properties":{}}}]"""));
        assertThat(body.get("tool_choice")).isEqualTo(json("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "auto     |             | {\"type\":\"auto\"}",
                "none     |             | {\"type\":\"none\"}",
                "required |             | {\"type\":\"any\"}",
                "function | get_weather | {\"type\":\"tool\",\"name\":\"get_weather\"}"
            })
    void mapsToolChoice(String mode, String function, String expected) {
        JsonNode body = body(request()
                .addUserMessage("Weather?")
                .tools(ToolDefinition.function("get_weather", null, null))
                .toolChoice(ToolChoice.of(mode, function))
                .build());

        assertThat(body.get("tool_choice")).isEqualTo(json(expected));
    }

    @Test
    void emulatesJsonSchemaWithAToolForcedByToolChoice() {
        JsonNode schema = json("""
                {"type":"object","properties":{"city":{"type":"string"},"country":{"type":"string"},
                 "population":{"type":"integer"}},"required":["city","country"]}""");
        JsonNode body = body(request()
                .addUserMessage("Facts about Paris")
                .responseFormat(ResponseFormat.jsonSchema("city_facts", schema, true))
                .build());

        assertThat(body.get("tools")).hasSize(1);
        assertThat(body.at("/tools/0/name").asText()).isEqualTo("city_facts");
        assertThat(body.at("/tools/0/input_schema")).isEqualTo(schema);
        assertThat(body.get("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"city_facts\"}"));
        assertThat(body.has("response_format")).isFalse();
    }

    @Test
    void asksForASingleJsonObjectInSystemForJsonObjectFormat() {
        JsonNode body = body(request()
                .addSystemMessage("You extract data.")
                .addUserMessage("Paris facts")
                .responseFormat(ResponseFormat.JSON_OBJECT)
                .build());

        assertThat(body.get("system").asText())
                .isEqualTo("You extract data.\n\n" + AnthropicRequest.JSON_OBJECT_INSTRUCTION);
        assertThat(body.has("tools")).isFalse();
    }

    @Test
    void refusesParametersAnthropicCannotHonourNamingThem() {
        assertThatThrownBy(
                        () -> upstream.chat(request().addUserMessage("Hi").n(3).build()))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("n"));
        assertThatThrownBy(() -> upstream.chat(
                        request().addUserMessage("Hi").presencePenalty(0.5).build()))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("presence_penalty"));
        assertThatThrownBy(() -> upstream.chat(
                        request().addUserMessage("Hi").frequencyPenalty(-1.0).build()))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("frequency_penalty"));
        assertThat(upstream.server.requestCount()).isZero();
    }

    @Test
    void acceptsTheNeutralValuesOfUnsupportedParameters() {
        JsonNode body = body(request()
                .addUserMessage("Hi")
                .n(1)
                .presencePenalty(0.0)
                .frequencyPenalty(0.0)
                .build());

        assertThat(body.has("n")).isFalse();
        assertThat(body.has("presence_penalty")).isFalse();
        assertThat(body.has("frequency_penalty")).isFalse();
    }

    @Test
    void mergesExtraBodyAtTopLevelOverridingMappedFields() {
        JsonNode body = body(request()
                .addUserMessage("Hi")
                .user("user-42")
                .extraBody("thinking", Map.of("type", "enabled", "budget_tokens", 2000))
                .extraBody("metadata", Map.of("user_id", "from-extra-body"))
                .extraBody("top_k", 5)
                .build());

        assertThat(body.get("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":2000}"));
        assertThat(body.get("metadata")).isEqualTo(json("{\"user_id\":\"from-extra-body\"}"));
        assertThat(body.get("top_k").asInt()).isEqualTo(5);
    }

    @Test
    void turnsReasoningEffortIntoAThinkingBudgetThatFitsUnderMaxTokens() {
        JsonNode body = body(
                request().addUserMessage("Prove it").reasoningEffort("medium").build());

        assertThat(body.get("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
        assertThat(body.get("max_tokens").asInt()).isEqualTo(AnthropicProvider.DEFAULT_MAX_TOKENS + 2048);
    }
}
