package io.mlflowlite.provider.anthropic;

import static io.mlflowlite.provider.anthropic.AnthropicUpstream.accumulate;
import static io.mlflowlite.provider.anthropic.AnthropicUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnthropicStreamTest {
    private static final ChatRequest HI =
            ChatRequest.builder().model("anthropic/claude-sonnet-4-5").addUserMessage("Hi").stream(true)
                    .build();

    private final AnthropicUpstream upstream = new AnthropicUpstream();

    @AfterEach
    void stop() {
        upstream.close();
    }

    private List<ChatChunk> stream(String fixture, ChatRequest request) {
        upstream.server.enqueue(MockResponse.sseTranscript(Fixtures.text(fixture)));
        return upstream.streamAll(request);
    }

    @Test
    void asksForAStreamAndAccumulatesTextUsageAndFinishReason() {
        List<ChatChunk> chunks = stream("anthropic/stream.sse", HI);

        assertThat(upstream.server.takeRequest().jsonBody().get("stream").asBoolean())
                .isTrue();
        ChatResponse response = accumulate(chunks);
        assertThat(response.id()).isEqualTo("msg_01Ln4cV8qRzX2mWtK7bHpYeJ");
        assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(response.content()).isEqualTo("Hello! How can I help you today?");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        // input 18 + cache read 2048; output_tokens is the final running total from message_delta
        assertThat(response.usage()).isEqualTo(new Usage(2066, 12, 2078, 2048, 0, 0, false));
    }

    @Test
    void sendsTheRoleFirstAndUsageOnlyOnTheLastChunk() {
        List<ChatChunk> chunks = stream("anthropic/stream.sse", HI);

        assertThat(chunks.getFirst().choices().getFirst().role()).isEqualTo(Role.ASSISTANT);
        assertThat(chunks)
                .extracting(ChatChunk::content)
                .containsSubsequence("Hello", "! How can I", " help you today?");
        assertThat(chunks.getLast().usage()).isPresent();
        assertThat(chunks.getLast().choices().getFirst().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(chunk -> {
            assertThat(chunk.usage()).isEmpty();
            assertThat(chunk.choices().getFirst().finishReason()).isNull();
        });
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.id()).isEqualTo("msg_01Ln4cV8qRzX2mWtK7bHpYeJ"));
    }

    @Test
    void streamsToolUseBlocksAsToolCallDeltasIndexedAmongToolCalls() {
        List<ChatChunk> chunks = stream("anthropic/stream-tool-use.sse", HI);

        List<ChatChunk.ToolCallDelta> starts = new ArrayList<>();
        chunks.forEach(c -> c.choices()
                .forEach(d -> d.toolCalls().stream().filter(t -> t.id() != null).forEach(starts::add)));
        assertThat(starts)
                .extracting(ChatChunk.ToolCallDelta::index, ChatChunk.ToolCallDelta::id, ChatChunk.ToolCallDelta::name)
                .containsExactly(
                        Tuple.tuple(0, "toolu_01D4kRx8TvNq2WcmYp6LsJ3b", "get_weather"),
                        Tuple.tuple(1, "toolu_01G8nWe3ZbKs5QxtLr2VmH7c", "get_weather"));

        ChatResponse response = accumulate(chunks);
        assertThat(response.content()).isEqualTo("I'll check the weather in both cities.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.toolCalls())
                .extracting(ToolCall::id)
                .containsExactly("toolu_01D4kRx8TvNq2WcmYp6LsJ3b", "toolu_01G8nWe3ZbKs5QxtLr2VmH7c");
        assertThat(json(response.toolCalls().get(0).arguments())).isEqualTo(json("{\"location\":\"Paris, France\"}"));
        assertThat(json(response.toolCalls().get(1).arguments())).isEqualTo(json("{\"location\":\"Tokyo, Japan\"}"));
        assertThat(response.usage()).isEqualTo(new Usage(412, 96, 508, 0, 0, 0, false));
    }

    @Test
    void leavesThinkingDeltasOutOfTheStreamedContent() {
        ChatResponse response = accumulate(stream("anthropic/stream-thinking.sse", HI));

        assertThat(response.content()).isEqualTo("27 * 453 = 12231");
        assertThat(response.usage().completionTokens()).isEqualTo(87);
    }

    @Test
    void streamsTheSchemaToolInputAsContentWhenEmulatingJsonSchema() {
        ChatRequest request = HI.toBuilder()
                .responseFormat(ResponseFormat.jsonSchema("city_facts", json("{\"type\":\"object\"}"), true))
                .build();

        ChatResponse response = accumulate(stream("anthropic/stream-json-schema.sse", request));

        assertThat(json(response.content())).isEqualTo(json("{\"city\":\"Paris\",\"country\":\"France\"}"));
        assertThat(response.toolCalls()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void failsAsMalformedWhenTheStreamEndsBeforeMessageStop() {
        upstream.server.enqueue(MockResponse.sseTranscript(Fixtures.text("anthropic/stream-truncated.sse")));
        List<String> received = new ArrayList<>();

        try (ChunkSource source = upstream.provider.stream(upstream.call(HI))) {
            assertThatThrownBy(() -> {
                        for (ChatChunk chunk = source.next(); chunk != null; chunk = source.next()) {
                            received.add(chunk.content());
                        }
                    })
                    .isInstanceOf(MalformedResponseException.class)
                    .hasMessageContaining("message_stop");
        }
        assertThat(String.join("", received)).isEqualTo("Once upon a time, in a quiet village");
    }

    @Test
    void failsRetryablyWhenTheConnectionDropsMidStream() {
        upstream.server.enqueue(MockResponse.sseTranscript(Fixtures.text("anthropic/stream.sse"))
                .truncateAfter(4));

        assertThatThrownBy(() -> upstream.streamAll(HI))
                .isInstanceOfSatisfying(
                        MlflowliteException.class,
                        e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void throwsTheOverloadedErrorEventAsARetryable529() {
        upstream.server.enqueue(MockResponse.sseTranscript(Fixtures.text("anthropic/stream-error-overloaded.sse")));

        assertThatThrownBy(() -> upstream.streamAll(HI)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.status()).isEqualTo(529);
            assertThat(e.type()).contains("overloaded_error");
            assertThat(e.providerMessage()).isEqualTo("Overloaded");
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    void timesOutWithinTheWaitBudgetWhenTheStreamStalls() {
        upstream.server.enqueue(MockResponse.sseTranscript(Fixtures.text("anthropic/stream.sse"))
                .faultAfter(2, Fault.STALL));

        try (ChunkSource source = upstream.provider.stream(upstream.call(HI, Duration.ofMillis(300)))) {
            assertThat(source.next().choices().getFirst().role()).isEqualTo(Role.ASSISTANT);
            // the message names the wait that ran out: the call's budget, not some fixed read timeout
            assertThatThrownBy(source::next)
                    .isInstanceOf(AttemptTimeoutException.class)
                    .hasMessageContaining("within 300 ms");
        }
    }

    @Test
    void returnsNullAfterTheEndAndAfterCloseWhichIsIdempotent() {
        upstream.server.enqueue(MockResponse.sseTranscript(Fixtures.text("anthropic/stream.sse")));
        ChunkSource source = upstream.provider.stream(upstream.call(HI));
        ChatChunk chunk;
        do {
            chunk = source.next();
        } while (chunk != null);

        assertThat(source.next()).isNull();
        source.close();
        source.close();
        assertThat(source.next()).isNull();
    }
}
