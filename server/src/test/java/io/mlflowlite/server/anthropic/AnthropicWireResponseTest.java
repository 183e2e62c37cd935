package io.mlflowlite.server.anthropic;

import static io.mlflowlite.provider.anthropic.AnthropicUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.anthropic.AnthropicUpstream;
import io.mlflowlite.provider.openai.OpenAiWire;
import io.mlflowlite.testing.Fixtures;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicWireResponseTest {
    private static final Deployment OPENAI = new Deployment(
            "openai/gpt-4o",
            "openai",
            "openai",
            "gpt-4o",
            URI.create("https://api.openai.com/v1"),
            null,
            Map.of(),
            null);

    private static ChatResponse openAi(String fixture) {
        return OpenAiWire.parseResponse(json(Fixtures.text("openai/" + fixture)), OPENAI);
    }

    private static JsonNode written(ChatResponse response) {
        return json(AnthropicWire.responseJson(response, "my-endpoint").toString());
    }

    private static ChatResponse answer(String text, List<ToolCall> calls, String finish) {
        return ChatResponse.builder()
                .id("chatcmpl-1")
                .model("gpt-4o")
                .addChoice(new Choice(0, Message.assistant(text, calls), FinishReason.of(finish)))
                .usage(Usage.of(10, 5))
                .build();
    }

    @Test
    void writesAnOpenAiTextAnswerAsAMessage() {
        JsonNode message = written(openAi("chat.json"));

        assertThat(message.get("id").asText()).startsWith("msg_chatcmpl-");
        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.get("model").asText()).isEqualTo(openAi("chat.json").model());
        assertThat(message.get("content")).hasSize(1);
        assertThat(message.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(message.at("/content/0/text").asText())
                .isEqualTo(openAi("chat.json").content());
        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.get("stop_sequence").isNull()).isTrue();
    }

    @Test
    void writesOpenAiToolCallsAsToolUseBlocksKeepingTheirIds() {
        JsonNode message = written(openAi("chat-tool-call.json"));

        assertThat(message.get("content")).hasSize(2);
        assertThat(message.at("/content/0")).isEqualTo(json("""
                {"type":"tool_use","id":"call_Xq3VbT9kLmN2pR7sW1yZ4aC6","name":"get_weather",
                 "input":{"location":"Paris, France","unit":"celsius"}}"""));
        assertThat(message.at("/content/1/id").asText()).isEqualTo("call_Hd8FgJ2kLp5QwE9rT3yU7iO1");
        assertThat(message.at("/content/1/input")).isEqualTo(json("{\"timezone\":\"Europe/Paris\"}"));
        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(message.get("usage")).isEqualTo(json("""
                {"input_tokens":112,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":51}"""));
    }

    @Test
    void countsOnlyUncachedTokensAsInputTokens() {
        JsonNode usage = written(openAi("chat-cached-reasoning-usage.json")).get("usage");

        // prompt 2318 of which 2048 cached; completion 1471 includes the reasoning tokens
        assertThat(usage).isEqualTo(json("""
                {"input_tokens":270,"cache_creation_input_tokens":0,"cache_read_input_tokens":2048,"output_tokens":1471}"""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages.json", "messages-tool-use.json", "messages-cache-usage.json"})
    void givesBackAnAnthropicUpstreamsMessageUnchangedSaveForUsageDetails(String fixture) {
        JsonNode original = json(Fixtures.text("anthropic/" + fixture));
        ChatResponse response = AnthropicUpstream.readMessage(original, "anthropic", null, 1L);
        ObjectNode expected = original.deepCopy();
        // per-TTL cache breakdown and service tier are not part of the OpenAI-shaped usage
        ((ObjectNode) expected.get("usage")).remove(List.of("cache_creation", "service_tier"));

        assertThat(written(response)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "stop,end_turn",
        "length,max_tokens",
        "tool_calls,tool_use",
        "content_filter,refusal",
        "function_call,tool_use",
        "something_new,end_turn"
    })
    void mapsEachFinishReasonToAStopReason(String finish, String stopReason) {
        assertThat(written(answer("x", List.of(), finish)).get("stop_reason").asText())
                .isEqualTo(stopReason);
    }

    @Test
    void keepsAnAnthropicUpstreamsStopSequence() {
        JsonNode raw = json("""
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"1, 2"}],
                 "stop_reason":"stop_sequence","stop_sequence":", 3","usage":{"input_tokens":9,"output_tokens":4}}""");

        JsonNode message = written(AnthropicUpstream.readMessage(raw, "anthropic", null, 1L));

        assertThat(message.get("stop_reason").asText()).isEqualTo("stop_sequence");
        assertThat(message.get("stop_sequence").asText()).isEqualTo(", 3");
        assertThat(message.get("id").asText()).isEqualTo("msg_01");
    }

    @Test
    void doesNotKeepTheUpstreamsToolUseStopWhenItWasTheEmulatedJsonOutput() {
        JsonNode raw = json(Fixtures.text("anthropic/messages-json-schema.json"));
        String tool = raw.at("/content/0/name").asText();

        JsonNode message = written(AnthropicUpstream.readMessage(raw, "anthropic", tool, 1L));

        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.at("/content/0/type").asText()).isEqualTo("text");
    }

    @Test
    void wrapsArgumentsThatAreNotAJsonObjectUnderRaw() {
        JsonNode message = written(answer(null, List.of(new ToolCall("call_1", "lookup", "{\"q\": \"Par")), "length"));

        assertThat(message.at("/content/0/input")).isEqualTo(json("{\"_raw\":\"{\\\"q\\\": \\\"Par\"}"));
        assertThat(message.get("stop_reason").asText()).isEqualTo("max_tokens");
    }

    @Test
    void writesNoContentBlockForAnEmptyAnswer() {
        assertThat(written(answer("", List.of(), "stop")).get("content")).isEmpty();
    }

    @Test
    void reportsTheRequestedModelWhenTheUpstreamNamesNone() {
        ChatResponse response =
                answer("x", List.of(), "stop").toBuilder().model(null).id(null).build();

        JsonNode message = written(response);

        assertThat(message.get("model").asText()).isEqualTo("my-endpoint");
        assertThat(message.get("id").asText()).matches("msg_[A-Za-z0-9]{24}");
    }

    @Test
    void writesCacheWritesApartFromInputTokens() {
        ChatResponse response = answer("x", List.of(), "stop").toBuilder()
                .usage(new Usage(2000, 30, 2030, 1200, 700, 0, false))
                .build();

        assertThat(written(response).get("usage")).isEqualTo(json("""
                {"input_tokens":100,"cache_creation_input_tokens":700,"cache_read_input_tokens":1200,"output_tokens":30}"""));
    }
}
