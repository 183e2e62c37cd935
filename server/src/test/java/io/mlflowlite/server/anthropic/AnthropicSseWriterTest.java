package io.mlflowlite.server.anthropic;

import static io.mlflowlite.server.anthropic.IngressStreams.accumulate;
import static io.mlflowlite.server.anthropic.IngressStreams.events;
import static io.mlflowlite.server.anthropic.IngressStreams.mockChunks;
import static io.mlflowlite.server.anthropic.IngressStreams.openAiChunks;
import static io.mlflowlite.server.anthropic.IngressStreams.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.anthropic.AnthropicUpstream;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer driven by real chunk sequences; its transcript served over a real socket to the Anthropic adapter,
 * whose decoder must accumulate it back to what went in.
 */
class AnthropicSseWriterTest {
    private static final ChatRequest ANY =
            ChatRequest.builder().model("anthropic/claude-sonnet-4-5").addUserMessage("Hi").stream(true)
                    .build();

    private final AnthropicUpstream upstream = new AnthropicUpstream();

    @AfterEach
    void stop() {
        upstream.close();
    }

    /** {@code events} as the Anthropic adapter reads them from the wire, accumulated. */
    private ChatResponse decoded(List<AnthropicSseWriter.Event> events) {
        upstream.server.enqueue(MockResponse.sse(wire(events)));
        return accumulate(upstream.streamAll(ANY));
    }

    private static List<String> names(List<AnthropicSseWriter.Event> events) {
        return events.stream().map(AnthropicSseWriter.Event::event).toList();
    }

    private static JsonNode data(AnthropicSseWriter.Event event) {
        return Json.read(event.data());
    }

    private static void assertSameAnswer(ChatResponse decoded, ChatResponse original) {
        assertThat(decoded.content()).isEqualTo(original.content());
        assertThat(decoded.toolCalls()).isEqualTo(original.toolCalls());
        assertThat(decoded.finishReason()).isEqualTo(original.finishReason());
        Usage in = original.usage();
        assertThat(decoded.usage())
                .isEqualTo(new Usage(
                        in.promptTokens(),
                        in.completionTokens(),
                        in.totalTokens(),
                        in.cachedTokens(),
                        in.cacheWriteTokens(),
                        0,
                        false));
    }

    @Test
    void anOpenAiParallelToolCallStreamDecodesBackToTheSameCallsFinishAndUsage() {
        List<ChatChunk> chunks = openAiChunks("openai/stream-tool-call.sse");
        List<AnthropicSseWriter.Event> events = events(chunks, "my-endpoint");

        ChatResponse decoded = decoded(events);

        assertSameAnswer(decoded, accumulate(chunks));
        assertThat(decoded.toolCalls()).hasSize(2);
        assertThat(decoded.id()).isEqualTo("msg_chatcmpl-BQ3wE5hK8yTn1mXc3Vb6pQr0ZsLdG");
        assertThat(decoded.model()).isEqualTo("gpt-4o-2024-08-06");
    }

    @Test
    void framesEachToolCallAsItsOwnBlockClosedBeforeTheNextOpens() {
        List<AnthropicSseWriter.Event> events = events(openAiChunks("openai/stream-tool-call.sse"), "my-endpoint");

        assertThat(names(events))
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        assertThat(data(events.get(1))).isEqualTo(Json.read("""
                {"type":"content_block_start","index":0,"content_block":{"type":"tool_use",
                 "id":"call_Xq3VbT9kLmN2pR7sW1yZ4aC6","name":"get_weather","input":{}}}"""));
        assertThat(data(events.get(2))).isEqualTo(Json.read("""
                {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"lo"}}"""));
        assertThat(data(events.get(6)).at("/content_block/name").asText()).isEqualTo("get_time");
        assertThat(data(events.get(6)).get("index").asInt()).isEqualTo(1);
        assertThat(data(events.get(9))).isEqualTo(Json.read("""
                {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},
                 "usage":{"input_tokens":112,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":51}}"""));
    }

    @Test
    void startsTheMessageEmptyWithZeroUsageSinceUsageComesLast() {
        List<AnthropicSseWriter.Event> events = events(openAiChunks("openai/stream.sse"), "my-endpoint");

        assertThat(data(events.getFirst())).isEqualTo(Json.read("""
                {"type":"message_start","message":{"id":"msg_chatcmpl-BQ3tU2bN6xVm9kQe4Ry1pLw7ZcTfA","type":"message",
                 "role":"assistant","model":"gpt-4o-mini-2024-07-18","content":[],"stop_reason":null,"stop_sequence":null,
                 "usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}"""));
    }

    @Test
    void anOpenAiTextStreamDecodesBackToTheSameText() {
        List<ChatChunk> chunks = openAiChunks("openai/stream.sse");
        List<AnthropicSseWriter.Event> events = events(chunks, "my-endpoint");

        assertSameAnswer(decoded(events), accumulate(chunks));
        // the role chunk's empty content opens no block: one text block, index 0
        assertThat(events)
                .filteredOn(e -> e.event().equals("content_block_start"))
                .hasSize(1)
                .allSatisfy(
                        e -> assertThat(data(e))
                                .isEqualTo(
                                        Json.read(
                                                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")));
    }

    @Test
    void theSimulatedProvidersTextAndToolStreamsDecodeBackToTheSameAnswers() {
        for (ChatRequest request : List.of(IngressStreams.POEM_REQUEST, IngressStreams.WEATHER_QUESTION)) {
            List<ChatChunk> chunks = mockChunks(request);
            ChatResponse original = accumulate(chunks);

            assertSameAnswer(decoded(events(chunks, "mock/balanced")), original);
        }
        assertThat(accumulate(mockChunks(IngressStreams.WEATHER_QUESTION)).toolCalls())
                .isNotEmpty();
    }

    @Test
    void anAnthropicStreamWithTextThenToolsComesBackInTheSameBlocks() {
        upstream.server.enqueue(MockResponse.sseTranscript(Fixtures.text("anthropic/stream-tool-use.sse")));
        List<ChatChunk> chunks = upstream.streamAll(ANY);
        upstream.server.takeRequest();
        List<AnthropicSseWriter.Event> events = events(chunks, "my-endpoint");

        assertThat(events)
                .filteredOn(e -> e.event().equals("content_block_start"))
                .extracting(
                        e -> data(e).at("/content_block/type").asText(),
                        e -> data(e).get("index").asInt())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("text", 0),
                        org.assertj.core.groups.Tuple.tuple("tool_use", 1),
                        org.assertj.core.groups.Tuple.tuple("tool_use", 2));
        assertThat(data(events.getFirst()).at("/message/id").asText()).isEqualTo("msg_01Pv7hQ3mWzN5xKt2RbLcY8D");
        assertSameAnswer(decoded(events), accumulate(chunks));
    }

    @Test
    void textAfterAToolCallOpensANewBlock() {
        AnthropicSseWriter writer = new AnthropicSseWriter("m");
        List<AnthropicSseWriter.Event> events = new ArrayList<>();
        events.addAll(writer.onChunk(chunk(new ChatChunk.Delta(
                0, Role.ASSISTANT, null, List.of(new ChatChunk.ToolCallDelta(0, "call_1", "lookup", "{}")), null))));
        events.addAll(writer.onChunk(chunk(new ChatChunk.Delta(0, null, "Done.", List.of(), FinishReason.STOP))));

        assertThat(names(events))
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_stop",
                        "content_block_start",
                        "content_block_delta");
        assertThat(data(events.get(4)).get("index").asInt()).isEqualTo(1);
    }

    @Test
    void aFragmentForAClosedToolCallCannotBeFramed() {
        AnthropicSseWriter writer = new AnthropicSseWriter("m");
        writer.onChunk(chunk(new ChatChunk.Delta(
                0, null, null, List.of(new ChatChunk.ToolCallDelta(0, "call_1", "a", "{\"x\":")), null)));
        writer.onChunk(chunk(new ChatChunk.Delta(
                0, null, null, List.of(new ChatChunk.ToolCallDelta(1, "call_2", "b", "{}")), null)));

        assertThatThrownBy(() -> writer.onChunk(chunk(new ChatChunk.Delta(
                        0, null, null, List.of(new ChatChunk.ToolCallDelta(0, null, null, "1}")), null))))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("interleaved");
    }

    @Test
    void anEmptyStreamStillStartsAndStopsTheMessage() {
        AnthropicSseWriter writer = new AnthropicSseWriter("my-endpoint");
        ChatResponse empty =
                ChatResponse.builder().id("chatcmpl-9").usage(Usage.of(4, 0)).build();

        List<AnthropicSseWriter.Event> events = writer.finish(empty);

        assertThat(names(events)).containsExactly("message_start", "message_delta", "message_stop");
        assertThat(data(events.getFirst()).at("/message/model").asText()).isEqualTo("my-endpoint");
        ChatResponse decoded = decoded(events);
        assertThat(decoded.content()).isEmpty();
        assertThat(decoded.usage().promptTokens()).isEqualTo(4);
    }

    @Test
    void endsWithAnAnthropicErrorEventThatTheAdapterRaisesWithItsStatus() {
        AnthropicSseWriter writer = new AnthropicSseWriter("m");
        List<AnthropicSseWriter.Event> events =
                new ArrayList<>(writer.onChunk(ChatChunk.text("chatcmpl-1", 1L, "gpt-4o", "Partial")));
        AnthropicSseWriter.Event error =
                writer.error(new ProviderException("openai", 529, "overloaded_error", null, "Overloaded", true));
        events.add(error);

        assertThat(error.toWire())
                .startsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":"
                        + "\"overloaded_error\",\"message\":")
                .endsWith("}}\n\n");
        upstream.server.enqueue(MockResponse.sse(wire(events)));
        assertThatThrownBy(() -> upstream.streamAll(ANY))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.status()).isEqualTo(529));
        assertThatThrownBy(() -> writer.finish(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writesEachEventAsOneEventLineOneDataLineAndABlankLine() {
        AnthropicSseWriter.Event event = new AnthropicSseWriter.Event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\\nb\"}}");

        assertThat(event.toWire())
                .isEqualTo("event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                        + "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\\nb\"}}\n\n");
        assertThat(AnthropicSseWriter.ping().toWire()).isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n");
    }

    @Test
    void refusesChunksAfterTheStreamEnded() {
        AnthropicSseWriter writer = new AnthropicSseWriter("m");
        writer.finish(null);

        assertThatThrownBy(() -> writer.onChunk(ChatChunk.text("c", 1L, "m", "late")))
                .isInstanceOf(IllegalStateException.class);
    }

    private static ChatChunk chunk(ChatChunk.Delta delta) {
        return new ChatChunk("chatcmpl-1", 1L, "gpt-4o", List.of(delta), Optional.empty());
    }
}
