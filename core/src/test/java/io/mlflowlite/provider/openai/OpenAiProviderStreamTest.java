package io.mlflowlite.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.StreamAccumulator;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.provider.ProviderCall;
import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiProviderStreamTest {
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

    private ProviderCall call(String model) {
        return Calls.call(ChatRequest.of(model, "What is the capital of France?"), Calls.openai(upstream, model));
    }

    private static List<ChatChunk> drain(ChunkSource source) {
        List<ChatChunk> chunks = new ArrayList<>();
        try (source) {
            for (ChatChunk chunk = source.next(); chunk != null; chunk = source.next()) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    @Test
    void asksForStreamWithUsageAndYieldsEveryChunkUntilDone() {
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")));

        List<ChatChunk> chunks = drain(provider.stream(call("gpt-4o-mini")));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.headers().get("accept")).contains("text/event-stream");
        JsonNode body = sent.jsonBody();
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();

        assertThat(chunks).hasSize(7);
        assertThat(chunks.getFirst().choices().getFirst().role()).isEqualTo(Role.ASSISTANT);
        assertThat(chunks)
                .extracting(ChatChunk::content)
                .containsExactly("", "The", " capital", " is", " Paris.", "", "");
        assertThat(chunks.get(5).choices().getFirst().finishReason()).isEqualTo(FinishReason.STOP);
        ChatChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).hasValue(new Usage(24, 5, 29, 0, 0, 0, false));
        assertThat(chunks.subList(0, 6)).allSatisfy(c -> assertThat(c.usage()).isEmpty());
        assertThat(last.id()).isEqualTo("chatcmpl-BQ3tU2bN6xVm9kQe4Ry1pLw7ZcTfA");
        assertThat(last.created()).isEqualTo(1745924250L);
        assertThat(last.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    }

    @Test
    void nextAfterDoneKeepsReturningNull() {
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")));
        ChunkSource source = provider.stream(call("gpt-4o-mini"));
        drainWithoutClosing(source);

        assertThat(source.next()).isNull();
        source.close();
        source.close();
    }

    private static void drainWithoutClosing(ChunkSource source) {
        while (source.next() != null) {
            // read to the end
        }
    }

    @Test
    void streamedToolCallsAccumulateIntoCompleteCalls() {
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream-tool-call.sse")));
        StreamAccumulator accumulator = new StreamAccumulator();

        drain(provider.stream(call("gpt-4o"))).forEach(accumulator::add);
        ChatResponse response = accumulator.toResponse();

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.toolCalls())
                .containsExactly(
                        new ToolCall(
                                "call_Xq3VbT9kLmN2pR7sW1yZ4aC6", "get_weather", "{\"location\":\"Paris, France\"}"),
                        new ToolCall("call_Hd8FgJ2kLp5QwE9rT3yU7iO1", "get_time", "{\"timezone\":\"Europe/Paris\"}"));
        assertThat(response.usage().totalTokens()).isEqualTo(163);
    }

    @Test
    void streamEndingWithoutDoneIsMalformedTruncation() {
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream-truncated.sse")));
        ChunkSource source = provider.stream(call("gpt-4o-mini"));

        assertThat(source.next().content()).isEmpty();
        assertThat(source.next().content()).isEqualTo("The");
        assertThat(source.next().content()).isEqualTo(" capital");
        assertThatThrownBy(source::next)
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("[DONE]")
                .hasMessageContaining("truncated");
    }

    @Test
    void connectionDroppedMidStreamIsNotANormalEnd() {
        upstream.enqueue(
                MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")).truncateAfter(2));
        ChunkSource source = provider.stream(call("gpt-4o-mini"));

        // the cut may surface on the third read, or earlier when the client drops what it buffered with it;
        // what matters is that it is a typed failure, never a normal end of stream
        assertThatThrownBy(() -> {
                    for (int read = 0; read < 10; read++) {
                        if (source.next() == null) {
                            throw new AssertionError("a dropped connection ended the stream as if it were complete");
                        }
                    }
                })
                .isInstanceOfAny(MalformedResponseException.class, io.mlflowlite.error.ConnectionException.class);
    }

    @Test
    void errorEventMidStreamIsProviderException() {
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream-error.sse")));
        ChunkSource source = provider.stream(call("gpt-4o-mini"));
        source.next();
        assertThat(source.next().content()).isEqualTo("Once");

        ProviderException e = catchThrowableOfType(ProviderException.class, source::next);

        assertThat(e.type()).hasValue("server_error");
        assertThat(e.providerMessage()).startsWith("The server had an error");
        assertThat(e.retryable()).isTrue();
        assertThat(source.next()).isNull();
    }

    @Test
    void stalledStreamTimesOutPerChunk() {
        upstream.enqueue(
                MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")).faultAfter(2, Fault.STALL));
        ChunkSource source = provider.stream(Calls.call(
                ChatRequest.of("gpt-4o-mini", "hi"), Calls.openai(upstream, "gpt-4o-mini"), Duration.ofMillis(200)));
        source.next();
        source.next();

        assertThatThrownBy(source::next).isInstanceOf(AttemptTimeoutException.class);
    }

    @Test
    void rateLimitBeforeTheStreamStartsIsThrownFromStream() {
        upstream.enqueue(
                MockResponse.json(429, Fixtures.text("openai/error-429.json")).header("retry-after-ms", "231"));

        RateLimitedException e =
                catchThrowableOfType(RateLimitedException.class, () -> provider.stream(call("gpt-4o-mini")));

        assertThat(e.retryAfter()).hasValue(Duration.ofMillis(231));
    }
}
