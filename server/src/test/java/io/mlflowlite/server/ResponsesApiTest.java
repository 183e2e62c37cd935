package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputImage;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseInputText;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.ToolChoiceFunction;
import io.mlflowlite.json.Json;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.Trace;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's Responses API ({@code POST /v1/responses}) through the official OpenAI Java SDK: answered by the
 * simulated {@code mock/} models and by OpenAI played by MockLlmServer, plain and streamed, with tools.
 */
class ResponsesApiTest {
    private final TestServer t = TestServer.start();

    @AfterEach
    void close() {
        t.close();
    }

    private static FunctionTool weatherTool() {
        return FunctionTool.builder()
                .name("get_weather")
                .description("Current weather in a city")
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty(
                                "properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                        .build())
                .strict(false)
                .build();
    }

    private static String text(Response response) {
        StringBuilder text = new StringBuilder();
        for (ResponseOutputItem item : response.output()) {
            item.message()
                    .ifPresent(m -> m.content()
                            .forEach(c ->
                                    c.outputText().map(ResponseOutputText::text).ifPresent(text::append)));
        }
        return text.toString();
    }

    @Test
    void textInputIsAnsweredByASimulatedModelWithUsageAndATrace() {
        Response response = t.openAi()
                .responses()
                .create(ResponseCreateParams.builder()
                        .model("mock/echo")
                        .input("Say this back to me")
                        .build());

        assertThat(response.id()).startsWith("resp_");
        assertThat(response.status())
                .hasValueSatisfying(s -> assertThat(s.asString()).isEqualTo("completed"));
        assertThat(text(response)).contains("Say this back to me");
        assertThat(response.usage().orElseThrow().inputTokens()).isPositive();
        assertThat(response.usage().orElseThrow().totalTokens())
                .isEqualTo(response.usage().orElseThrow().inputTokens()
                        + response.usage().orElseThrow().outputTokens());
        assertThat(response._additionalProperties().get("store")).isEqualTo(JsonValue.from(false));
        HttpResponse<String> raw = t.post("/v1/responses", "{\"model\":\"mock/echo\",\"input\":\"hello\"}");
        String traceId = raw.headers().firstValue(ResponseHeaders.TRACE_ID).orElseThrow();
        Trace trace = t.storedTrace(traceId);
        assertThat(trace.info().tags())
                .containsEntry(
                        ChatCompletionsRoute.REQUEST_ID_TAG,
                        raw.headers().firstValue("x-request-id").orElseThrow());
    }

    @Test
    void instructionsMessagePartsToolsAndTextFormatReachTheProviderAsAChatRequest() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));

        Response response = t.openAi()
                .responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-4o-mini")
                        .instructions("Answer briefly.")
                        .inputOfResponse(List.of(ResponseInputItem.ofMessage(ResponseInputItem.Message.builder()
                                .role(ResponseInputItem.Message.Role.USER)
                                .addContent(ResponseInputText.builder()
                                        .text("What city is this?")
                                        .build())
                                .addContent(ResponseInputImage.builder()
                                        .detail(ResponseInputImage.Detail.LOW)
                                        .imageUrl("https://example.com/paris.png")
                                        .build())
                                .build())))
                        .addTool(weatherTool())
                        .toolChoice(
                                ToolChoiceFunction.builder().name("get_weather").build())
                        .text(ResponseTextConfig.builder()
                                .format(ResponseFormatJsonObject.builder().build())
                                .build())
                        .maxOutputTokens(200)
                        .temperature(0.3)
                        .user("user-42")
                        .metadata(ResponseCreateParams.Metadata.builder()
                                .putAdditionalProperty("team", JsonValue.from("search"))
                                .build())
                        .build());

        assertThat(text(response)).isEqualTo("The capital of France is Paris.");
        assertThat(response.instructions()).isPresent();
        JsonNode sent = t.upstream.takeRequest().jsonBody();
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Answer briefly.");
        assertThat(sent.at("/messages/1/content/0/text").asText()).isEqualTo("What city is this?");
        assertThat(sent.at("/messages/1/content/1/image_url/url").asText()).isEqualTo("https://example.com/paris.png");
        assertThat(sent.at("/messages/1/content/1/image_url/detail").asText()).isEqualTo("low");
        assertThat(sent.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(sent.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("location");
        assertThat(sent.at("/tool_choice/function/name").asText()).isEqualTo("get_weather");
        assertThat(sent.at("/response_format/type").asText()).isEqualTo("json_object");
        assertThat(sent.at("/max_completion_tokens").asInt()).isEqualTo(200);
        assertThat(sent.at("/temperature").asDouble()).isEqualTo(0.3);
        assertThat(sent.at("/user").asText()).isEqualTo("user-42");
    }

    @Test
    void functionCallsComeBackAsItemsAndTheirOutputsGoBackAsToolMessages() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat-tool-call.json")));
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));

        Response first = t.openAi()
                .responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-4o")
                        .input("Weather and time in Paris?")
                        .addTool(weatherTool())
                        .build());

        List<ResponseFunctionToolCall> calls = first.output().stream()
                .flatMap(item -> item.functionCall().stream())
                .toList();
        assertThat(calls)
                .extracting(ResponseFunctionToolCall::callId)
                .containsExactly("call_Xq3VbT9kLmN2pR7sW1yZ4aC6", "call_Hd8FgJ2kLp5QwE9rT3yU7iO1");
        assertThat(calls.get(0).name()).isEqualTo("get_weather");
        assertThat(calls.get(0).arguments()).isEqualTo("{\"location\":\"Paris, France\",\"unit\":\"celsius\"}");
        assertThat(first.output()).noneMatch(ResponseOutputItem::isMessage);

        List<ResponseInputItem> conversation = new ArrayList<>();
        conversation.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                .role(EasyInputMessage.Role.USER)
                .content("Weather and time in Paris?")
                .build()));
        calls.forEach(call -> conversation.add(ResponseInputItem.ofFunctionCall(call)));
        conversation.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(calls.get(0).callId())
                .output("18 C, sunny")
                .build()));
        conversation.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(calls.get(1).callId())
                .output("14:05")
                .build()));
        t.openAi()
                .responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-4o")
                        .inputOfResponse(conversation)
                        .addTool(weatherTool())
                        .build());

        t.upstream.takeRequest();
        JsonNode messages = t.upstream.takeRequest().jsonBody().get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.at("/1/role").asText()).isEqualTo("assistant");
        assertThat(messages.at("/1/tool_calls/0/id").asText()).isEqualTo("call_Xq3VbT9kLmN2pR7sW1yZ4aC6");
        assertThat(messages.at("/1/tool_calls/1/function/name").asText()).isEqualTo("get_time");
        assertThat(messages.at("/2/role").asText()).isEqualTo("tool");
        assertThat(messages.at("/2/tool_call_id").asText()).isEqualTo("call_Xq3VbT9kLmN2pR7sW1yZ4aC6");
        assertThat(messages.at("/2/content").asText()).isEqualTo("18 C, sunny");
        assertThat(messages.at("/3/tool_call_id").asText()).isEqualTo("call_Hd8FgJ2kLp5QwE9rT3yU7iO1");
    }

    @Test
    void streamedTextArrivesAsTypedEventsInSequenceAndAccumulatesToTheWholeResponse() {
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = t.openAi()
                .responses()
                .createStreaming(ResponseCreateParams.builder()
                        .model("mock/echo")
                        .input("stream these words back")
                        .build())) {
            stream.stream().forEach(event -> events.add(accumulator.accumulate(event)));
        }

        List<String> types = events.stream().map(ResponsesApiTest::type).toList();
        assertThat(types.subList(0, 5))
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta");
        assertThat(types.subList(types.size() - 4, types.size()))
                .containsExactly(
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.completed");
        assertThat(events.stream().map(ResponsesApiTest::sequenceNumber).toList())
                .isEqualTo(java.util.stream.IntStream.range(0, events.size())
                        .boxed()
                        .toList());
        StringBuilder deltas = new StringBuilder();
        events.forEach(e -> e.outputTextDelta().ifPresent(d -> deltas.append(d.delta())));
        Response whole = accumulator.response();
        assertThat(text(whole)).isEqualTo(deltas.toString()).contains("stream these words back");
        assertThat(whole.usage().orElseThrow().outputTokens()).isPositive();
    }

    @Test
    void streamedFunctionCallsArriveAsArgumentDeltasAndCompletedItems() {
        t.upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream-tool-call.sse")));

        ResponseAccumulator accumulator = ResponseAccumulator.create();
        List<String> types = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = t.openAi()
                .responses()
                .createStreaming(ResponseCreateParams.builder()
                        .model("gpt-4o")
                        .input("Weather and time in Paris?")
                        .addTool(weatherTool())
                        .build())) {
            stream.stream().forEach(event -> types.add(type(accumulator.accumulate(event))));
        }

        assertThat(types)
                .contains("response.function_call_arguments.delta", "response.function_call_arguments.done")
                .doesNotContain("response.output_text.delta")
                .endsWith("response.completed");
        Response whole = accumulator.response();
        List<ResponseFunctionToolCall> calls = whole.output().stream()
                .flatMap(item -> item.functionCall().stream())
                .toList();
        assertThat(calls).extracting(ResponseFunctionToolCall::name).containsExactly("get_weather", "get_time");
        assertThat(calls.get(0).arguments()).isEqualTo("{\"location\":\"Paris, France\"}");
        assertThat(calls.get(1).callId()).isEqualTo("call_Hd8FgJ2kLp5QwE9rT3yU7iO1");
        assertThat(whole.usage().orElseThrow().inputTokens()).isEqualTo(112);
    }

    @Test
    void anUpstreamStreamBrokenAfterItStartedEndsWithResponseFailed() {
        t.upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream-truncated.sse")));

        HttpResponse<String> response =
                t.post("/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\",\"stream\":true}");

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> events = sseData(response.body());
        JsonNode last = events.getLast();
        assertThat(last.get("type").asText()).isEqualTo("response.failed");
        assertThat(last.at("/response/status").asText()).isEqualTo("failed");
        assertThat(last.at("/response/error/code").asText()).isEqualTo("upstream_malformed_response");
        assertThat(response.body()).contains("event: response.failed\n").doesNotContain("data: [DONE]\n");
    }

    @Test
    void storedResponsesAreRefusedWithAClearBadRequest() {
        assertThatThrownBy(() -> t.openAi()
                        .responses()
                        .create(ResponseCreateParams.builder()
                                .model("mock/echo")
                                .input("and then?")
                                .previousResponseId("resp_123")
                                .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.param()).hasValue("previous_response_id");
                    assertThat(e.getMessage()).contains("stateless", "whole conversation");
                });
    }

    @Test
    void badInputNamesTheFieldAndUnknownModelsAre404BeforeAnyEvent() {
        HttpResponse<String> hosted = t.post(
                "/v1/responses", "{\"model\":\"mock/echo\",\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}");
        assertThat(hosted.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(hosted).at("/error/param").asText()).isEqualTo("tools[0].type");
        assertThat(TestServer.json(hosted).at("/error/message").asText()).contains("function tools only");

        HttpResponse<String> noInput = t.post("/v1/responses", "{\"model\":\"mock/echo\"}");
        assertThat(noInput.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(noInput).at("/error/param").asText()).isEqualTo("input");

        assertThatThrownBy(() -> t
                        .openAi()
                        .responses()
                        .createStreaming(ResponseCreateParams.builder()
                                .model("mock/no-such-model")
                                .input("hi")
                                .build())
                        .stream()
                        .count())
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anAgentsStatelessTurnBecomesOneChatConversationWithReasoningItemsDropped() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat-json-schema.json")));

        HttpResponse<String> response = t.post("/v1/responses", Fixtures.text("responses/agent-turn.json"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode sent = t.upstream.takeRequest().jsonBody();
        JsonNode messages = sent.get("messages");
        assertThat(messages)
                .extracting(m -> m.get("role").asText())
                .containsExactly("system", "user", "assistant", "tool", "assistant", "user");
        assertThat(messages.at("/2/tool_calls/0/id").asText()).isEqualTo("call_Xq3VbT9kLmN2pR7sW1yZ4aC6");
        assertThat(messages.at("/3/content").asText()).isEqualTo("{\"temperature_c\":18,\"sky\":\"sunny\"}");
        assertThat(messages.at("/4/content").asText()).isEqualTo("It is 18 C and sunny in Paris.");
        assertThat(messages.at("/5/content").toString()).contains("And as JSON?");
        assertThat(sent.at("/tool_choice").asText()).isEqualTo("none");
        assertThat(sent.at("/parallel_tool_calls").asBoolean()).isFalse();
        assertThat(sent.at("/response_format/json_schema/name").asText()).isEqualTo("weather");
        assertThat(sent.at("/response_format/json_schema/strict").asBoolean()).isTrue();
        assertThat(sent.has("include")).isFalse();
        JsonNode body = TestServer.json(response);
        assertThat(body.at("/text/format/name").asText()).isEqualTo("weather");
        assertThat(body.at("/parallel_tool_calls").asBoolean()).isFalse();
    }

    @Test
    void anAnswerCutShortByMaxOutputTokensIsIncompleteWithItsReason() {
        String body = "{\"model\":\"mock/mini\",\"input\":\"Tell me everything about the history of Paris.\","
                + "\"max_output_tokens\":2";

        JsonNode whole = TestServer.json(t.post("/v1/responses", body + "}"));
        assertThat(whole.get("status").asText()).isEqualTo("incomplete");
        assertThat(whole.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        assertThat(whole.at("/usage/output_tokens").asInt()).isEqualTo(2);

        List<JsonNode> events =
                sseData(t.post("/v1/responses", body + ",\"stream\":true}").body());
        assertThat(events.getLast().get("type").asText()).isEqualTo("response.incomplete");
        assertThat(events.getLast().at("/response/incomplete_details/reason").asText())
                .isEqualTo("max_output_tokens");
    }

    @Test
    void itemsThatNeedStoredStateAreRefusedNamingTheItem() {
        HttpResponse<String> reference = t.post("/v1/responses", Fixtures.text("responses/item-reference.json"));
        assertThat(reference.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(reference).at("/error/param").asText()).isEqualTo("input[0]");
        assertThat(TestServer.json(reference).at("/error/message").asText()).contains("item_reference", "stateless");

        HttpResponse<String> file = t.post("/v1/responses", Fixtures.text("responses/image-file-id.json"));
        assertThat(file.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(file).at("/error/param").asText()).isEqualTo("input[0].content[1].image_url");
        assertThat(TestServer.json(file).at("/error/message").asText()).contains("file_id", "data: URL");
        assertThat(t.upstream.requestCount()).isZero();
    }

    private static List<JsonNode> sseData(String body) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(Json.read(line.substring(6)));
            }
        }
        return events;
    }

    private static String type(ResponseStreamEvent event) {
        return Json.tree(event).get("type").asText();
    }

    private static int sequenceNumber(ResponseStreamEvent event) {
        return Json.tree(event).get("sequence_number").asInt();
    }
}
