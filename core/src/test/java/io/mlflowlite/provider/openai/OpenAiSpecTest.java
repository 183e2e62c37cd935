package io.mlflowlite.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.testing.Fixtures;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the adapter sends and what the codec writes for the gateway's clients, checked against OpenAI's own
 * OpenAPI document with a JSON Schema 2020-12 validator.
 */
class OpenAiSpecTest {
    private static final String REQUEST = "CreateChatCompletionRequest";
    private static final String RESPONSE = "CreateChatCompletionResponse";
    private static final String CHUNK = "CreateChatCompletionStreamResponse";

    private static OpenAiSpec spec;

    @BeforeAll
    static void loadSpec() {
        spec = OpenAiSpec.load();
    }

    private static Deployment deployment(String provider, String model) {
        return new Deployment(
                model, provider, "openai", model, URI.create("https://api.openai.com/v1"), "sk-x", Map.of(), null);
    }

    static Stream<Arguments> requests() {
        JsonNode schema = Json.read("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                + "\"required\":[\"city\"],\"additionalProperties\":false}");
        return Stream.of(
                Arguments.of(
                        "plain text",
                        ChatRequest.builder()
                                .model("gpt-4o-mini")
                                .addSystemMessage("Be brief.")
                                .addUserMessage("Hi")
                                .temperature(0.2)
                                .topP(0.9)
                                .maxTokens(50)
                                .stop("END")
                                .seed(1L)
                                .n(1)
                                .presencePenalty(0.5)
                                .frequencyPenalty(-0.5)
                                .user("user-1")
                                .build(),
                        false),
                Arguments.of(
                        "tools",
                        ChatRequest.builder()
                                .model("gpt-4o")
                                .addMessage(Message.developer("Use tools."))
                                .addUserMessage("Weather in Paris?")
                                .addMessage(Message.assistant(
                                        null, List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))))
                                .addMessage(Message.tool("call_1", "{\"temp_c\":18}"))
                                .tools(
                                        new ToolDefinition("get_weather", "Weather now", schema, true),
                                        ToolDefinition.function("get_time", null, null))
                                .toolChoice(ToolChoice.function("get_weather"))
                                .parallelToolCalls(false)
                                .build(),
                        false),
                Arguments.of(
                        "tool choice required",
                        ChatRequest.builder()
                                .model("gpt-4o")
                                .addUserMessage("Go")
                                .tools(ToolDefinition.function("get_time", "Time", schema))
                                .toolChoice(ToolChoice.REQUIRED)
                                .build(),
                        false),
                Arguments.of(
                        "json schema",
                        ChatRequest.builder()
                                .model("gpt-4o")
                                .addUserMessage("Where?")
                                .responseFormat(ResponseFormat.jsonSchema("place", schema, true))
                                .build(),
                        false),
                Arguments.of(
                        "json object",
                        ChatRequest.builder()
                                .model("gpt-4o")
                                .addUserMessage("JSON please")
                                .responseFormat(ResponseFormat.JSON_OBJECT)
                                .reasoningEffort("low")
                                .build(),
                        false),
                Arguments.of(
                        "images",
                        ChatRequest.builder()
                                .model("gpt-4o")
                                .addMessage(Message.user(
                                        ContentPart.text("What is in these?"),
                                        new ContentPart.Image("https://example.org/cat.jpg", "low"),
                                        new ContentPart.Image(
                                                "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==", "high")))
                                .build(),
                        false),
                Arguments.of(
                        "streaming",
                        ChatRequest.builder().model("gpt-4o-mini").addUserMessage("Count").stream(true)
                                .build(),
                        true),
                Arguments.of(
                        "parsed from the sdk fixture",
                        OpenAiWire.parseRequest(Json.read(Fixtures.text("openai/request-sdk.json"))),
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void requestBodiesMatchCreateChatCompletionRequest(String name, ChatRequest request, boolean stream) {
        ObjectNode body = OpenAiWire.requestBody(request, deployment("openai", request.model()), stream);

        assertThat(spec.violations(REQUEST, body)).as(body.toPrettyString()).isEmpty();
    }

    @Test
    void compatibleServerBodyWithMaxTokensIsStillAValidOpenAiRequest() {
        ChatRequest request = ChatRequest.builder()
                .model("llama3.1")
                .addUserMessage("Hi")
                .maxTokens(10)
                .build();

        ObjectNode body = OpenAiWire.requestBody(request, deployment("vllm", "llama3.1"), true);

        assertThat(body.has("max_tokens")).isTrue();
        assertThat(spec.violations(REQUEST, body)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "openai/chat.json",
                "openai/chat-tool-call.json",
                "openai/chat-cached-reasoning-usage.json",
                "openai/mistral-chat.json",
                "openai/mistral-chat-tool-call.json"
            })
    void responseJsonMatchesCreateChatCompletionResponse(String fixture) {
        ChatResponse response =
                OpenAiWire.parseResponse(Json.read(Fixtures.text(fixture)), deployment("openai", "gpt-4o"));

        JsonNode json = OpenAiWire.responseJson(response);

        assertThat(spec.violations(RESPONSE, json)).as(json.toPrettyString()).isEmpty();
    }

    @Test
    void responseWithCacheWritesAndEmptyTextMatchesTheSpec() {
        ChatResponse response = ChatResponse.builder()
                .id("chatcmpl-1")
                .created(1L)
                .model("claude-sonnet-4-5")
                .addChoice(new Choice(0, new Message(Role.ASSISTANT, List.of(), List.of(), null, null), null))
                .usage(new Usage(1200, 10, 1210, 100, 1024, 0, false))
                .build();

        assertThat(spec.violations(RESPONSE, OpenAiWire.responseJson(response))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/stream.sse", "openai/stream-tool-call.sse", "openai/mistral-stream.sse"})
    void chunkJsonMatchesCreateChatCompletionStreamResponse(String fixture) {
        List<String> lines = Fixtures.text(fixture)
                .lines()
                .filter(l -> l.startsWith("data: {"))
                .toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode json = OpenAiWire.chunkJson(OpenAiWire.parseChunk(Json.read(line.substring(6))));

            assertThat(spec.violations(CHUNK, json)).as(json.toString()).isEmpty();
        }
    }

    @Test
    void theValidatorRejectsARequestWithoutMessages() {
        ObjectNode body = OpenAiWire.requestBody(ChatRequest.of("gpt-4o", "Hi"), deployment("openai", "gpt-4o"), false);
        body.remove("messages");

        assertThat(spec.violations(REQUEST, body)).anySatisfy(v -> assertThat(v).contains("messages"));
    }

    @Test
    void theValidatorRejectsWrongTypesAndUnknownEnumValues() {
        ObjectNode badRole =
                OpenAiWire.requestBody(ChatRequest.of("gpt-4o", "Hi"), deployment("openai", "gpt-4o"), false);
        ((ObjectNode) badRole.at("/messages/0")).put("role", "bot");
        ObjectNode badTemperature = OpenAiWire.requestBody(
                        ChatRequest.of("gpt-4o", "Hi"), deployment("openai", "gpt-4o"), false)
                .put("temperature", "hot");

        assertThat(spec.violations(REQUEST, badRole)).isNotEmpty();
        assertThat(spec.violations(REQUEST, badTemperature))
                .anySatisfy(v -> assertThat(v).contains("temperature"));
    }

    @Test
    void theValidatorRejectsAResponseWithoutChoicesAndAChunkWithAnUnknownFinishReason() {
        ObjectNode response = OpenAiWire.responseJson(
                OpenAiWire.parseResponse(Json.read(Fixtures.text("openai/chat.json")), deployment("openai", "gpt-4o")));
        response.remove("choices");
        ObjectNode chunk = OpenAiWire.chunkJson(new ChatChunk(
                "c1",
                1L,
                "gpt-4o",
                List.of(new ChatChunk.Delta(0, null, null, List.of(), FinishReason.of("finished"))),
                Optional.empty()));

        assertThat(spec.violations(RESPONSE, response))
                .anySatisfy(v -> assertThat(v).contains("choices"));
        assertThat(spec.violations(CHUNK, chunk)).anySatisfy(v -> assertThat(v).contains("finish_reason"));
    }
}
