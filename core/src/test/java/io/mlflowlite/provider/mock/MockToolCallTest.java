package io.mlflowlite.provider.mock;

import static io.mlflowlite.provider.mock.MockCalls.call;
import static io.mlflowlite.provider.mock.MockCalls.json;
import static io.mlflowlite.provider.mock.MockCalls.schemaProblems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MockToolCallTest {
    private static final JsonNode WEATHER_PARAMS = json("""
            {"type": "object",
             "properties": {
               "location": {"type": "string", "description": "City name"},
               "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
               "days": {"type": "integer", "minimum": 1, "maximum": 7}
             },
             "required": ["location"],
             "additionalProperties": false}
            """);
    private static final JsonNode ADD_PARAMS = json("""
            {"type": "object",
             "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
             "required": ["a", "b"]}
            """);
    private static final JsonNode SEARCH_PARAMS = json("""
            {"type": "object",
             "properties": {
               "query": {"type": "string", "minLength": 1},
               "filters": {"type": "object",
                           "properties": {"site": {"type": "string", "format": "uri"},
                                          "fresh": {"type": "boolean"}},
                           "required": ["site", "fresh"]},
               "tags": {"type": "array", "items": {"$ref": "#/$defs/tag"}, "minItems": 2}
             },
             "required": ["query", "filters", "tags"],
             "$defs": {"tag": {"type": "string", "enum": ["news", "docs"]}}}
            """);
    private static final ToolDefinition WEATHER =
            ToolDefinition.function("get_weather", "Get the current weather forecast for a city", WEATHER_PARAMS);
    private static final ToolDefinition ADD = ToolDefinition.function("add", "Add two numbers", ADD_PARAMS);
    private static final ToolDefinition SEARCH = ToolDefinition.function("searchWeb", "Search the web", SEARCH_PARAMS);

    private final MockProvider provider = MockCalls.instantProvider();

    @Test
    void callsTheBestMatchingToolWithArgumentsThatSatisfyItsSchema() {
        ChatResponse response = provider.chat(call(
                "mini",
                withTools("What's the weather in Paris in celsius for the next 3 days?", ADD, WEATHER, SEARCH)));

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.choices().get(0).message().text()).isEmpty();
        ToolCall toolCall = response.toolCalls().get(0);
        assertThat(toolCall.id()).matches("call_[0-9a-f]{24}");
        assertThat(toolCall.name()).isEqualTo("get_weather");
        JsonNode args = json(toolCall.arguments());
        assertThat(schemaProblems(WEATHER_PARAMS, args)).isEmpty();
        assertThat(args.path("location").asText()).isEqualTo("Paris");
        assertThat(args.path("unit").asText()).isEqualTo("celsius");
        assertThat(args.path("days").asInt()).isEqualTo(3);
        assertThat(response.usage().completionTokens()).isPositive();
    }

    @Test
    void numbersInTheQuestionFillNumericArguments() {
        ChatResponse response = provider.chat(call("pro", withTools("Please add 12 and 30.5", WEATHER, ADD)));
        ToolCall toolCall = response.toolCalls().get(0);
        assertThat(toolCall.name()).isEqualTo("add");
        assertThat(json(toolCall.arguments())).isEqualTo(json("{\"a\": 12, \"b\": 30.5}"));
    }

    @Test
    void nestedObjectsArraysRefsAndFormatsAreGeneratedValid() {
        ChatResponse response =
                provider.chat(call("mini", withTools("find the latest docs on virtual threads", SEARCH)));
        JsonNode args = json(response.toolCalls().get(0).arguments());
        assertThat(schemaProblems(SEARCH_PARAMS, args)).isEmpty();
        assertThat(args.path("query").asText()).isEqualTo("latest docs on virtual threads");
        assertThat(args.path("tags")).hasSize(2);
        assertThat(args.path("tags").get(0).asText()).isEqualTo("docs");
    }

    @Test
    void withoutAnyMatchingWordTheFirstToolIsCalled() {
        ChatResponse response = provider.chat(call("mini", withTools("Hmm?", ADD, WEATHER)));
        assertThat(response.toolCalls()).extracting(ToolCall::name).containsExactly("add");
        assertThat(schemaProblems(ADD_PARAMS, json(response.toolCalls().get(0).arguments())))
                .isEmpty();
    }

    @Test
    void theFollowUpAnswerUsesTheToolResult() {
        ChatRequest first = withTools("What's the weather in Paris?", WEATHER);
        ToolCall toolCall = provider.chat(call("balanced", first)).toolCalls().get(0);
        ChatRequest followUp = first.toBuilder()
                .addMessage(Message.assistant(null, List.of(toolCall)))
                .addMessage(Message.tool(toolCall.id(), "{\"temperature_c\": 21, \"conditions\": \"sunny\"}"))
                .build();

        ChatResponse answer = provider.chat(call("balanced", followUp));

        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.toolCalls()).isEmpty();
        assertThat(answer.content())
                .isEqualTo("According to get_weather: {\"temperature_c\": 21, \"conditions\": \"sunny\"}");
    }

    @Test
    void toolChoiceNoneAnswersInTextAndANamedFunctionIsForced() {
        ChatRequest none = withTools("What is the capital of Japan?", WEATHER).toBuilder()
                .toolChoice(ToolChoice.NONE)
                .build();
        assertThat(provider.chat(call("pro", none)).toolCalls()).isEmpty();

        ChatRequest forced = withTools("What's the weather in Oslo?", WEATHER, ADD).toBuilder()
                .toolChoice(ToolChoice.function("add"))
                .build();
        assertThat(provider.chat(call("pro", forced)).toolCalls())
                .extracting(ToolCall::name)
                .containsExactly("add");

        ChatRequest missing =
                forced.toBuilder().toolChoice(ToolChoice.function("nope")).build();
        assertThatThrownBy(() -> provider.chat(call("pro", missing)))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.param()).isEqualTo("tool_choice"));
    }

    @Test
    void toolDefinitionsCountTowardsPromptTokens() {
        ChatRequest plain = ChatRequest.builder()
                .model("mock/mini")
                .addUserMessage("What's the weather in Paris?")
                .build();
        int without = provider.chat(call("mini", plain)).usage().promptTokens();
        int with = provider.chat(call("mini", withTools("What's the weather in Paris?", WEATHER)))
                .usage()
                .promptTokens();
        assertThat(with).isGreaterThan(without + 20);
    }

    private static ChatRequest withTools(String question, ToolDefinition... tools) {
        return ChatRequest.builder()
                .model("mock/x")
                .addUserMessage(question)
                .tools(tools)
                .seed(4L)
                .build();
    }
}
