package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, pointed at the gateway, with OpenAI itself played by MockLlmServer. */
class OpenAiSdkTest {
    private final TestServer t = TestServer.start();

    @AfterEach
    void close() {
        t.close();
    }

    private static ChatCompletionCreateParams.Builder ask(String model, String question) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(question);
    }

    @Test
    void plainChatReachesTheProviderAndComesBackFieldForField() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));

        ChatCompletion completion = t.openAi()
                .chat()
                .completions()
                .create(ask("gpt-4o-mini", "What is the capital of France?")
                        .temperature(0.2)
                        .build());

        assertThat(completion.id()).isEqualTo("chatcmpl-BQ3kx8sJwEYVq1uC0nV7pTf2mZr4L");
        assertThat(completion.choices().get(0).message().content()).hasValue("The capital of France is Paris.");
        assertThat(completion.usage().orElseThrow().totalTokens()).isPositive();
        RecordedRequest upstream = t.upstream.takeRequest();
        assertThat(upstream.path()).isEqualTo("/v1/chat/completions");
        assertThat(upstream.header("authorization")).hasValue("Bearer sk-upstream-test");
        assertThat(upstream.jsonBody().at("/messages/0/content").asText()).isEqualTo("What is the capital of France?");
        assertThat(upstream.jsonBody().at("/temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void streamingDeliversEveryChunkAndTheSdkAccumulatesThem() {
        t.upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")));

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = t.openAi()
                .chat()
                .completions()
                .createStreaming(ask("gpt-4o-mini", "What is the capital of France?")
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion whole = accumulator.chatCompletion();
        assertThat(whole.choices().get(0).message().content()).hasValue("The capital is Paris.");
        assertThat(whole.choices().get(0).finishReason()).hasToString("stop");
        assertThat(whole.usage().orElseThrow().promptTokens()).isEqualTo(24);
        assertThat(whole.usage().orElseThrow().completionTokens()).isEqualTo(5);
    }

    @Test
    void toolCallsMakeTheRoundTrip() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat-tool-call.json")));
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
        FunctionDefinition weather = FunctionDefinition.builder()
                .name("get_weather")
                .description("Current weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty(
                                "properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .build();
        ChatCompletionCreateParams first =
                ask("gpt-4o", "Weather in Paris?").addFunctionTool(weather).build();

        ChatCompletion calling = t.openAi().chat().completions().create(first);

        ChatCompletionMessageFunctionToolCall call = calling.choices()
                .get(0)
                .message()
                .toolCalls()
                .orElseThrow()
                .get(0)
                .asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"location\":\"Paris, France\",\"unit\":\"celsius\"}");
        assertThat(t.upstream
                        .takeRequest()
                        .jsonBody()
                        .at("/tools/0/function/name")
                        .asText())
                .isEqualTo("get_weather");

        ChatCompletion answer = t.openAi()
                .chat()
                .completions()
                .create(first.toBuilder()
                        .addMessage(calling.choices().get(0).message())
                        .addMessage(ChatCompletionToolMessageParam.builder()
                                .toolCallId(call.id())
                                .content("18°C, sunny")
                                .build())
                        .build());

        assertThat(answer.choices().get(0).message().content()).isPresent();
        JsonNode second = t.upstream.takeRequest().jsonBody();
        assertThat(second.at("/messages/1/tool_calls/0/id").asText()).isEqualTo(call.id());
        assertThat(second.at("/messages/2/role").asText()).isEqualTo("tool");
        assertThat(second.at("/messages/2/tool_call_id").asText()).isEqualTo(call.id());
        assertThat(second.at("/messages/2/content").asText()).isEqualTo("18°C, sunny");
    }

    @Test
    void jsonSchemaResponseFormatReachesTheProviderAndTheAnswerParses() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat-json-schema.json")));
        ResponseFormatJsonSchema format = ResponseFormatJsonSchema.builder()
                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                        .name("city")
                        .strict(true)
                        .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty(
                                        "properties",
                                        JsonValue.from(Map.of(
                                                "city",
                                                Map.of("type", "string"),
                                                "country",
                                                Map.of("type", "string"),
                                                "population",
                                                Map.of("type", "integer"))))
                                .putAdditionalProperty(
                                        "required", JsonValue.from(List.of("city", "country", "population")))
                                .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                                .build())
                        .build())
                .build();

        ChatCompletion completion = t.openAi()
                .chat()
                .completions()
                .create(ask("gpt-4o", "The capital of France, as JSON")
                        .responseFormat(format)
                        .build());

        String content = completion.choices().get(0).message().content().orElseThrow();
        assertThat(io.mlflowlite.json.Json.read(content).get("city").asText()).isEqualTo("Paris");
        JsonNode sent = t.upstream.takeRequest().jsonBody();
        assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(sent.at("/response_format/json_schema/name").asText()).isEqualTo("city");
        assertThat(sent.at("/response_format/json_schema/strict").asBoolean()).isTrue();
        assertThat(sent.at("/response_format/json_schema/schema/required").toString())
                .isEqualTo("[\"city\",\"country\",\"population\"]");
    }

    @Test
    void upstreamRateLimitIsA429WithRetryAfterForTheSdk() {
        t.upstream.enqueue(
                MockResponse.json(429, Fixtures.text("openai/error-429.json")).header("retry-after", "3"));

        assertThatThrownBy(() -> t.openAi()
                        .chat()
                        .completions()
                        .create(ask("gpt-4o-mini", "hi").build()))
                .asInstanceOf(type(RateLimitException.class))
                .satisfies(e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("3");
                    assertThat(e.code()).hasValue("rate_limit_exceeded");
                    assertThat(e.getMessage()).contains("Rate limit reached for gpt-4o-mini");
                });
    }

    @Test
    void unknownModelIsNotFoundWithCloseMatches() {
        assertThatThrownBy(() -> t.openAi()
                        .chat()
                        .completions()
                        .create(ask("gpt-4o-mni", "hi").build()))
                .asInstanceOf(type(NotFoundException.class))
                .satisfies(e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).hasValue("model_not_found");
                    assertThat(e.param()).hasValue("model");
                    assertThat(e.getMessage())
                            .contains("Unknown model 'gpt-4o-mni'")
                            .contains("gpt-4o-mini");
                });
        assertThat(t.upstream.requestCount()).isZero();
    }

    @Test
    void invalidRequestIsBadRequestNamingTheParameter() {
        assertThatThrownBy(() -> t.openAi()
                        .chat()
                        .completions()
                        .create(ask("mock/echo", "hi").temperature(7.5).build()))
                .asInstanceOf(type(BadRequestException.class))
                .satisfies(e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).hasValue("temperature");
                });
    }

    @Test
    void embeddingsComeBackInOrderWithUsage() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/embeddings.json")));

        CreateEmbeddingResponse response = t.openAi()
                .embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("text-embedding-3-small")
                        .inputOfArrayOfStrings(List.of("first text", "second text"))
                        .build());

        assertThat(response.data()).hasSize(2);
        assertThat(response.data().get(0).embedding())
                .containsExactly(0.5718343f, -0.2905131f, 0.6409836f, -0.4223917f);
        assertThat(response.data().get(1).index()).isEqualTo(1);
        assertThat(response.usage().promptTokens()).isEqualTo(9);
        JsonNode sent = t.upstream.takeRequest().jsonBody();
        assertThat(sent.get("input").toString()).isEqualTo("[\"first text\",\"second text\"]");
    }

    @Test
    void modelsListsWhatTheServerCanServe() {
        List<Model> models = t.openAi().models().list().data();

        assertThat(models)
                .extracting(Model::id)
                .contains("mock/echo", "mock/mini", "gpt-4o-mini")
                .noneMatch(id -> id.contains("<"))
                .doesNotContain("claude-sonnet-4-5"); // no ANTHROPIC_API_KEY in this gateway's environment
        assertThat(models)
                .filteredOn(m -> m.id().equals("gpt-4o-mini"))
                .singleElement()
                .satisfies(m -> assertThat(m.ownedBy()).isEqualTo("openai"));
    }
}
