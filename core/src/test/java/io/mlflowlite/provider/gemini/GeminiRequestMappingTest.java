package io.mlflowlite.provider.gemini;

import static io.mlflowlite.provider.gemini.GeminiFixtures.API_KEY;
import static io.mlflowlite.provider.gemini.GeminiFixtures.GEMINI;
import static io.mlflowlite.provider.gemini.GeminiFixtures.body;
import static io.mlflowlite.provider.gemini.GeminiFixtures.call;
import static io.mlflowlite.provider.gemini.GeminiFixtures.deployment;
import static io.mlflowlite.provider.gemini.GeminiFixtures.json;
import static io.mlflowlite.provider.gemini.GeminiFixtures.text;
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
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiRequestMappingTest {
    private MockLlmServer upstream;
    private Deployment flash;

    @BeforeEach
    void start() {
        upstream = MockLlmServer.start();
        flash = deployment(upstream, "gemini-2.0-flash");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private RecordedRequest send(ChatRequest request) {
        upstream.enqueue(MockResponse.json(200, text("generate.json")));
        GEMINI.chat(call(request, flash));
        return upstream.takeRequest();
    }

    @Test
    void postsGenerateContentWithTheKeyInTheHeaderAndNeverInTheUrl() {
        RecordedRequest sent = send(ChatRequest.builder()
                .model("gemini/gemini-2.0-flash")
                .addUserMessage("hi")
                .extraHeader("x-trace", "t-1")
                .build());

        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.target()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(sent.header("x-goog-api-key")).contains(API_KEY);
        assertThat(sent.target()).doesNotContain(API_KEY).doesNotContain("key=");
        assertThat(sent.header("x-deployment")).contains("eu-1");
        assertThat(sent.header("x-trace")).contains("t-1");
        assertThat(sent.header("authorization")).isEmpty();
    }

    @Test
    void systemAndDeveloperMessagesBecomeTheSystemInstructionAndTurnsAlternateUserAndModel() {
        RecordedRequest sent = send(ChatRequest.builder()
                .model("m")
                .addMessage(Message.system("Be brief."))
                .addMessage(Message.user("Capital of France?"))
                .addMessage(Message.assistant("Paris."))
                .addMessage(Message.developer("Answer in English."))
                .addMessage(Message.user("And of Italy?"))
                .addMessage(Message.user("One word."))
                .build());

        assertThat(body(sent).get("systemInstruction")).isEqualTo(json("""
                {"parts": [{"text": "Be brief."}, {"text": "Answer in English."}]}"""));
        assertThat(body(sent).get("contents")).isEqualTo(json("""
                [{"role": "user", "parts": [{"text": "Capital of France?"}]},
                 {"role": "model", "parts": [{"text": "Paris."}]},
                 {"role": "user", "parts": [{"text": "And of Italy?"}, {"text": "One word."}]}]"""));
        assertThat(body(sent).has("generationConfig")).isFalse();
        assertThat(body(sent).has("tools")).isFalse();
    }

    @Test
    void dataUrlImagesAreSentInlineAndWebImagesAsFileData() {
        RecordedRequest sent = send(ChatRequest.builder()
                .model("m")
                .addMessage(Message.user(
                        ContentPart.text("What is in these?"),
                        ContentPart.image("data:image/png;base64,iVBORw0KGgo="),
                        ContentPart.image("https://example.com/photos/cat.JPG?size=large"),
                        ContentPart.image("https://example.com/render")))
                .build());

        assertThat(body(sent).at("/contents/0/parts")).isEqualTo(json("""
                [{"text": "What is in these?"},
                 {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}},
                 {"fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/photos/cat.JPG?size=large"}},
                 {"fileData": {"mimeType": "image/*", "fileUri": "https://example.com/render"}}]"""));
    }

    @Test
    void toolsAreDeclaredWithTheirJsonSchemaAndToolHistoryIsReplayedByName() {
        JsonNode schema = json("""
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                 "properties": {"city": {"type": "string"}, "unit": {"enum": ["celsius", "fahrenheit"]}},
                 "required": ["city"], "additionalProperties": false}""");
        RecordedRequest sent = send(ChatRequest.builder()
                .model("m")
                .tools(
                        ToolDefinition.function("get_weather", "Weather in a city", schema),
                        ToolDefinition.function("get_time", null, null))
                .toolChoice(ToolChoice.function("get_weather"))
                .addMessage(Message.user("Weather and time in Paris?"))
                .addMessage(Message.assistant(
                        "Checking.",
                        List.of(
                                new ToolCall("call_0_get_weather~c2lnbmF0dXJl", "get_weather", "{\"city\":\"Paris\"}"),
                                new ToolCall("call_1_get_time", "get_time", "{}"))))
                .addMessage(Message.tool("call_1_get_time", "14:05"))
                .addMessage(Message.tool("call_0_get_weather~c2lnbmF0dXJl", "{\"temp\": 21, \"sky\": \"clear\"}"))
                .build());

        JsonNode body = body(sent);
        assertThat(body.get("tools")).isEqualTo(json("""
                [{"functionDeclarations": [
                  {"name": "get_weather", "description": "Weather in a city", "parametersJsonSchema":
                    {"type": "object", "properties": {"city": {"type": "string"},
                     "unit": {"enum": ["celsius", "fahrenheit"]}}, "required": ["city"], "additionalProperties": false}},
                  {"name": "get_time"}]}]"""));
        assertThat(body.get("toolConfig")).isEqualTo(json("""
                {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}}"""));
        assertThat(body.at("/contents/1")).isEqualTo(json("""
                {"role": "model", "parts": [
                  {"text": "Checking."},
                  {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}, "thoughtSignature": "c2lnbmF0dXJl"},
                  {"functionCall": {"name": "get_time", "args": {}}}]}"""));
        assertThat(body.at("/contents/2")).isEqualTo(json("""
                {"role": "user", "parts": [
                  {"functionResponse": {"name": "get_time", "response": {"result": "14:05"}}},
                  {"functionResponse": {"name": "get_weather", "response": {"result": {"temp": 21, "sky": "clear"}}}}]}"""));
        assertThat(body.get("contents")).hasSize(3);
    }

    @Test
    void aToolResultForACallNoAssistantMadeIsRejectedBeforeSending() {
        ChatRequest orphan = ChatRequest.builder()
                .model("m")
                .addMessage(Message.user("hi"))
                .addMessage(Message.tool("call_9_lookup", "42"))
                .build();

        assertThatThrownBy(() -> GEMINI.chat(call(orphan, flash)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("call_9_lookup")
                .satisfies(
                        e -> assertThat(((InvalidRequestException) e).param()).isEqualTo("messages[1].tool_call_id"));
        assertThat(upstream.requestCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"auto,AUTO", "none,NONE", "required,ANY"})
    void toolChoiceModesMapToFunctionCallingModes(String mode, String geminiMode) {
        RecordedRequest sent = send(ChatRequest.builder()
                .model("m")
                .addUserMessage("hi")
                .tools(ToolDefinition.function("f", null, null))
                .toolChoice(ToolChoice.of(mode, null))
                .build());

        assertThat(body(sent).at("/toolConfig/functionCallingConfig"))
                .isEqualTo(json("{\"mode\": \"" + geminiMode + "\"}"));
    }

    @Test
    void samplingSettingsGoToGenerationConfigAndExtraBodyMergesIntoIt() {
        JsonNode schema = json("""
                {"type": "object", "properties": {"capital": {"type": "string"}}, "required": ["capital"]}""");
        RecordedRequest sent = send(ChatRequest.builder()
                .model("m")
                .addUserMessage("hi")
                .temperature(0.2)
                .topP(0.9)
                .maxTokens(256)
                .stop("END", "STOP")
                .seed(42L)
                .n(2)
                .presencePenalty(0.5)
                .frequencyPenalty(0.25)
                .responseFormat(ResponseFormat.jsonSchema("answer", schema, true))
                .extraBody("generationConfig", Map.of("thinkingConfig", Map.of("thinkingBudget", 0)))
                .extraBody(
                        "safetySettings",
                        List.of(Map.of("category", "HARM_CATEGORY_HARASSMENT", "threshold", "BLOCK_NONE")))
                .build());

        assertThat(body(sent).get("generationConfig")).isEqualTo(json("""
                {"temperature": 0.2, "topP": 0.9, "maxOutputTokens": 256, "stopSequences": ["END", "STOP"],
                 "seed": 42, "candidateCount": 2, "presencePenalty": 0.5, "frequencyPenalty": 0.25,
                 "responseMimeType": "application/json", "responseJsonSchema": {"type": "object",
                   "properties": {"capital": {"type": "string"}}, "required": ["capital"]},
                 "thinkingConfig": {"thinkingBudget": 0}}"""));
        assertThat(body(sent).at("/safetySettings/0/threshold").asText()).isEqualTo("BLOCK_NONE");
    }

    @Test
    void jsonObjectFormatAsksForJsonWithoutASchema() {
        RecordedRequest sent = send(ChatRequest.builder()
                .model("m")
                .addUserMessage("hi")
                .responseFormat(ResponseFormat.JSON_OBJECT)
                .build());

        assertThat(body(sent).get("generationConfig")).isEqualTo(json("""
                {"responseMimeType": "application/json"}"""));
    }
}
