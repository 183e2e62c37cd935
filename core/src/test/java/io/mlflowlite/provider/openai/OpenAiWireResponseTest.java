package io.mlflowlite.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.Attempt;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.testing.Fixtures;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiWireResponseTest {
    private static final Deployment OPENAI = new Deployment(
            "gpt-4o", "openai", "openai", "gpt-4o", URI.create("https://api.openai.com/v1"), "sk-x", Map.of(), null);

    @Test
    void responseJsonIsExactlyAChatCompletionWithNoMlflowliteFields() {
        ChatResponse response = ChatResponse.builder()
                .id("chatcmpl-abc")
                .created(1745923890L)
                .model("gpt-4o-2024-08-06")
                .addChoice(new Choice(
                        0,
                        Message.assistant(
                                null, List.of(new ToolCall("call_1", "get_weather", "{\"location\":\"Paris\"}"))),
                        FinishReason.TOOL_CALLS))
                .usage(new Usage(112, 51, 163, 64, 0, 12, false))
                .systemFingerprint("fp_a7d06e42a7")
                .provider("openai")
                .latency(Duration.ofMillis(420))
                .traceId("tr-0123")
                .attempts(List.of(new Attempt(
                        1,
                        "gpt-4o",
                        "openai",
                        Attempt.Outcome.SUCCESS,
                        0,
                        null,
                        Duration.ZERO,
                        Duration.ofMillis(400),
                        Duration.ZERO)))
                .score(new Feedback("relevance", "yes", "on topic", "judge"))
                .build();

        JsonNode json = OpenAiWire.responseJson(response);

        assertThat(onWire(json)).isEqualTo(Json.read("""
                {"id":"chatcmpl-abc","object":"chat.completion","created":1745923890,"model":"gpt-4o-2024-08-06",
                 "choices":[{"index":0,
                   "message":{"role":"assistant","content":null,"refusal":null,
                     "tool_calls":[{"id":"call_1","type":"function",
                       "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}]},
                   "logprobs":null,"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":112,"completion_tokens":51,"total_tokens":163,
                   "prompt_tokens_details":{"cached_tokens":64},
                   "completion_tokens_details":{"reasoning_tokens":12}},
                 "system_fingerprint":"fp_a7d06e42a7"}
                """));
        assertThat(OpenAiWire.responseJson(response).toString()).isEqualTo(json.toString());
    }

    @Test
    void providerResponseReadAndWrittenKeepsEveryModelledField() {
        JsonNode wire = Json.read(Fixtures.text("openai/chat.json"));

        JsonNode written = Json.read(
                OpenAiWire.responseJson(OpenAiWire.parseResponse(wire, OPENAI)).toString());

        JsonNode expected = Json.read(Fixtures.text("openai/chat.json"));
        // fields mlflowlite does not model stay in raw() and are not re-emitted
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("service_tier");
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.at("/choices/0/message")).remove("annotations");
        expected.withObject("/usage/prompt_tokens_details").remove("audio_tokens");
        expected.withObject("/usage/completion_tokens_details")
                .remove(List.of("audio_tokens", "accepted_prediction_tokens", "rejected_prediction_tokens"));
        assertThat(written).isEqualTo(expected);
    }

    @Test
    void cacheWriteTokensAppearOnlyWhenThereAreSome() {
        ChatResponse anthropicShaped = ChatResponse.builder()
                .id("msg_1")
                .created(1L)
                .model("claude-sonnet-4-5")
                .addChoice(new Choice(0, Message.assistant("hi"), FinishReason.STOP))
                .usage(new Usage(1200, 10, 1210, 0, 1024, 0, false))
                .build();

        JsonNode json = OpenAiWire.responseJson(anthropicShaped);

        assertThat(json.at("/usage/prompt_tokens_details/cache_write_tokens").asInt())
                .isEqualTo(1024);
        assertThat(OpenAiWire.responseJson(anthropicShaped.toBuilder()
                                .usage(Usage.of(1, 2))
                                .build())
                        .at("/usage/prompt_tokens_details")
                        .has("cache_write_tokens"))
                .isFalse();
    }

    @Test
    void chunkJsonWritesOnlyWhatTheDeltaCarries() {
        ChatChunk first = new ChatChunk(
                "chatcmpl-1",
                1745924402L,
                "gpt-4o",
                List.of(new ChatChunk.Delta(
                        0,
                        Role.ASSISTANT,
                        null,
                        List.of(new ChatChunk.ToolCallDelta(0, "call_1", "get_weather", "")),
                        null)),
                Optional.empty());
        ChatChunk piece = new ChatChunk(
                "chatcmpl-1",
                1745924402L,
                "gpt-4o",
                List.of(new ChatChunk.Delta(
                        0, null, null, List.of(new ChatChunk.ToolCallDelta(0, null, null, "{\"lo")), null)),
                Optional.empty());
        ChatChunk usage = new ChatChunk("chatcmpl-1", 1745924402L, "gpt-4o", List.of(), Optional.of(Usage.of(9, 3)));

        assertThat(onWire(OpenAiWire.chunkJson(first))).isEqualTo(Json.read("""
                {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1745924402,"model":"gpt-4o",
                 "choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1",
                   "type":"function","function":{"name":"get_weather","arguments":""}}]},
                   "logprobs":null,"finish_reason":null}]}
                """));
        assertThat(onWire(OpenAiWire.chunkJson(piece)).at("/choices/0/delta")).isEqualTo(Json.read("""
                {"tool_calls":[{"index":0,"function":{"arguments":"{\\"lo"}}]}
                """));
        assertThat(onWire(OpenAiWire.chunkJson(usage))).isEqualTo(Json.read("""
                {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1745924402,"model":"gpt-4o",
                 "choices":[],
                 "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,
                   "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}
                """));
    }

    @Test
    void everyStreamedChunkSurvivesReadingAndWriting() {
        for (String fixture :
                List.of("openai/stream.sse", "openai/stream-tool-call.sse", "openai/mistral-stream.sse")) {
            for (String line : Fixtures.text(fixture).split("\n")) {
                if (!line.startsWith("data: {")) {
                    continue;
                }
                ChatChunk chunk = OpenAiWire.parseChunk(Json.read(line.substring(6)));
                assertThat(OpenAiWire.parseChunk(OpenAiWire.chunkJson(chunk)))
                        .as(line)
                        .isEqualTo(chunk);
            }
        }
    }

    @Test
    void usageChunkWithEmptyChoicesReadsAsUsageOnly() {
        String line = Fixtures.text("openai/stream.sse")
                .lines()
                .filter(l -> l.contains("\"choices\":[]"))
                .findFirst()
                .orElseThrow();

        ChatChunk chunk = OpenAiWire.parseChunk(Json.read(line.substring(6)));

        assertThat(chunk.choices()).isEmpty();
        assertThat(chunk.usage()).hasValue(new Usage(24, 5, 29, 0, 0, 0, false));
    }

    @Test
    void choiceWithoutMessageIsMalformed() {
        JsonNode body = Json.read("{\"id\":\"x\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"}]}");

        assertThatThrownBy(() -> OpenAiWire.parseResponse(body, OPENAI))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("choices[0]");
    }

    @Test
    void chunkThatIsNotAnObjectIsMalformed() {
        assertThatThrownBy(() -> OpenAiWire.parseChunk(Json.read("[1,2]")))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void mistralModelLengthReadsAsLengthAndTextPartsAreJoined() {
        JsonNode body = Json.read("""
                {"id":"m1","object":"chat.completion","created":1745925012,"model":"magistral-small-latest",
                 "choices":[{"index":0,"finish_reason":"model_length","message":{"role":"assistant",
                   "content":[{"type":"thinking","thinking":[{"type":"text","text":"hmm"}]},
                              {"type":"text","text":"Paris"}]}}],
                 "usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}
                """);

        ChatResponse response = OpenAiWire.parseResponse(body, OPENAI);

        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.content()).isEqualTo("Paris");
    }

    @Test
    void aFinishReasonOutsideOpenAisSetIsKeptAndWrittenBackAsSent() {
        JsonNode body = Json.read("""
                {"id":"c1","object":"chat.completion","created":1745925012,"model":"llama-3",
                 "choices":[{"index":0,"finish_reason":"eos","message":{"role":"assistant","content":"Paris"}}],
                 "usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}
                """);
        JsonNode chunk = Json.read("""
                {"id":"c1","object":"chat.completion.chunk","created":1745925012,"model":"llama-3",
                 "choices":[{"index":0,"delta":{},"finish_reason":"abort"}]}
                """);

        ChatResponse response = OpenAiWire.parseResponse(body, OPENAI);
        ChatChunk last = OpenAiWire.parseChunk(chunk);

        assertThat(response.finishReason()).isEqualTo(new FinishReason.Other("eos"));
        assertThat(OpenAiWire.responseJson(response)
                        .at("/choices/0/finish_reason")
                        .asText())
                .isEqualTo("eos");
        assertThat(last.choices().getFirst().finishReason()).isEqualTo(FinishReason.of("abort"));
        assertThat(OpenAiWire.chunkJson(last).at("/choices/0/finish_reason").asText())
                .isEqualTo("abort");
    }

    /** The tree as a client reads it off the wire, so 1745924402 written as a long equals it read as an int. */
    private static JsonNode onWire(JsonNode node) {
        return Json.read(node.toString());
    }
}
