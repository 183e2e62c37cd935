package io.mlflowlite.server.anthropic;

import static io.mlflowlite.server.anthropic.IngressStreams.accumulate;
import static io.mlflowlite.server.anthropic.IngressStreams.events;
import static io.mlflowlite.server.anthropic.IngressStreams.mockChunks;
import static io.mlflowlite.server.anthropic.IngressStreams.openAiChunks;
import static io.mlflowlite.server.anthropic.IngressStreams.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.SseException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.anthropic.AnthropicUpstream;
import io.mlflowlite.provider.openai.OpenAiWire;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK, pointed at a socket serving what {@link AnthropicWire} and
 * {@link AnthropicSseWriter} write, must read it as it reads Anthropic's API: strict response validation on, its
 * own stream accumulator, its own exception types. And what the SDK sends must parse.
 */
class AnthropicWireSdkTest {
    private final MockLlmServer server = MockLlmServer.start();
    private final AnthropicClient client = AnthropicOkHttpClient.builder()
            .apiKey("sk-ant-api03-test")
            .baseUrl(server.url(""))
            .maxRetries(0)
            .responseValidation(true)
            .build();

    private static final Tool WEATHER = Tool.builder()
            .name("get_weather")
            .description("Weather for a city")
            .inputSchema(Tool.InputSchema.builder()
                    .properties(JsonValue.from(Map.of("location", Map.of("type", "string"))))
                    .required(List.of("location"))
                    .build())
            .build();
    private static final MessageCreateParams ASK = MessageCreateParams.builder()
            .model("my-endpoint")
            .maxTokens(1024)
            .addTool(WEATHER)
            .addUserMessage("What's the weather in Paris?")
            .build();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static ChatResponse openAi(String fixture) {
        return OpenAiWire.parseResponse(
                Json.read(Fixtures.text("openai/" + fixture)),
                new Deployment(
                        "openai/gpt-4o",
                        "openai",
                        "openai",
                        "gpt-4o",
                        URI.create("https://api.openai.com/v1"),
                        null,
                        Map.of(),
                        null));
    }

    private Message streamed(List<AnthropicSseWriter.Event> events) {
        server.enqueue(MockResponse.sse(wire(events)));
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(ASK)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    private static String text(Message message) {
        StringBuilder text = new StringBuilder();
        message.content().forEach(block -> block.text().ifPresent(t -> text.append(t.text())));
        return text.toString();
    }

    private static List<ToolCall> toolCalls(Message message) {
        List<ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : message.content()) {
            if (block.isToolUse()) {
                ToolUseBlock use = block.asToolUse();
                calls.add(new ToolCall(
                        use.id(),
                        use.name(),
                        Json.tree(use._input().convert(Map.class)).toString()));
            }
        }
        return calls;
    }

    /** The calls with their arguments re-serialized, so JSON spacing does not matter. */
    private static List<ToolCall> normalized(List<ToolCall> calls) {
        return calls.stream()
                .map(c ->
                        new ToolCall(c.id(), c.name(), Json.read(c.arguments()).toString()))
                .toList();
    }

    @Test
    void theSdkSendsARequestWeParse() {
        server.enqueue(MockResponse.json(
                200,
                AnthropicWire.responseJson(openAi("chat.json"), "my-endpoint").toString()));
        client.messages()
                .create(ASK.toBuilder()
                        .toolChoice(com.anthropic.models.messages.ToolChoiceAny.builder()
                                .disableParallelToolUse(true)
                                .build())
                        .build());

        ChatRequest request = AnthropicWire.parseRequest(server.takeRequest().jsonBody());

        assertThat(request.model()).isEqualTo("my-endpoint");
        assertThat(request.maxTokens()).isEqualTo(1024);
        assertThat(request.messages().getFirst().text()).isEqualTo("What's the weather in Paris?");
        assertThat(request.tools().getFirst().name()).isEqualTo("get_weather");
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(request.parallelToolCalls()).isFalse();
    }

    @Test
    void theSdkReadsAMessageWithToolUseAndUsage() {
        ChatResponse answer = openAi("chat-tool-call.json");
        server.enqueue(MockResponse.json(
                200, AnthropicWire.responseJson(answer, "my-endpoint").toString()));

        Message message = client.messages().create(ASK);

        assertThat(message.id()).startsWith("msg_");
        assertThat(normalized(toolCalls(message))).isEqualTo(normalized(answer.toolCalls()));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(message.usage().inputTokens()).isEqualTo(112);
        assertThat(message.usage().outputTokens()).isEqualTo(51);
        assertThat(message.usage().cacheReadInputTokens()).contains(0L);
    }

    @Test
    void theSdkReadsATextMessageWithCacheUsage() {
        ChatResponse answer = openAi("chat-cached-reasoning-usage.json");
        server.enqueue(MockResponse.json(
                200, AnthropicWire.responseJson(answer, "my-endpoint").toString()));

        Message message = client.messages().create(ASK);

        assertThat(text(message)).isEqualTo(answer.content());
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(270);
        assertThat(message.usage().cacheReadInputTokens()).contains(2048L);
    }

    @Test
    void theSdkAccumulatesAStreamedOpenAiParallelToolCall() {
        List<ChatChunk> chunks = openAiChunks("openai/stream-tool-call.sse");
        ChatResponse original = accumulate(chunks);

        Message message = streamed(events(chunks, "my-endpoint"));

        assertThat(normalized(toolCalls(message))).isEqualTo(normalized(original.toolCalls()));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(message.usage().inputTokens()).isEqualTo(112);
        assertThat(message.usage().outputTokens()).isEqualTo(51);
        assertThat(message.model().asString()).isEqualTo("gpt-4o-2024-08-06");
    }

    @Test
    void theSdkAccumulatesTheSimulatedProvidersTextAndToolStreams() {
        ChatRequest weather = IngressStreams.WEATHER_QUESTION;
        for (ChatRequest request : List.of(IngressStreams.POEM_REQUEST, weather)) {
            List<ChatChunk> chunks = mockChunks(request);
            ChatResponse original = accumulate(chunks);

            Message message = streamed(events(chunks, "mock/balanced"));

            assertThat(text(message)).isEqualTo(original.content());
            assertThat(normalized(toolCalls(message))).isEqualTo(normalized(original.toolCalls()));
            assertThat(message.usage().inputTokens()).isEqualTo(original.usage().promptTokens());
            assertThat(message.usage().outputTokens())
                    .isEqualTo(original.usage().completionTokens());
        }
    }

    @Test
    void theSdkAccumulatesAnAnthropicStreamWithTextThenTools() {
        try (AnthropicUpstream upstream = new AnthropicUpstream()) {
            upstream.server.enqueue(MockResponse.sseTranscript(Fixtures.text("anthropic/stream-tool-use.sse")));
            List<ChatChunk> chunks = upstream.streamAll(ChatRequest.of("anthropic/claude", "Hi"));
            ChatResponse original = accumulate(chunks);

            Message message = streamed(events(chunks, "my-endpoint"));

            assertThat(message.content()).hasSize(3);
            assertThat(text(message)).isEqualTo("I'll check the weather in both cities.");
            assertThat(normalized(toolCalls(message))).isEqualTo(normalized(original.toolCalls()));
            assertThat(message.id()).isEqualTo("msg_01Pv7hQ3mWzN5xKt2RbLcY8D");
        }
    }

    @Test
    void theSdkRaisesARateLimitWithTheGatewaysErrorBody() {
        AnthropicWire.ErrorMapping error = AnthropicWire.errorFor(
                new RateLimitedException("openai", null, null, "Rate limit reached for gpt-4o", Duration.ofSeconds(2)));
        server.enqueue(MockResponse.json(error.status(), error.toJson().toString()));

        assertThatThrownBy(() -> client.messages().create(ASK))
                .isInstanceOfSatisfying(
                        RateLimitException.class,
                        e -> assertThat(e.getMessage())
                                .contains("rate_limit_error")
                                .contains("Rate limit reached"));
    }

    @Test
    void theSdkRaisesAnErrorEventMidStream() {
        AnthropicSseWriter writer = new AnthropicSseWriter("my-endpoint");
        List<AnthropicSseWriter.Event> events =
                new ArrayList<>(writer.onChunk(ChatChunk.text("chatcmpl-1", 1L, "gpt-4o", "Partial")));
        events.add(writer.error(new ProviderException("anthropic", 529, "overloaded_error", null, "Overloaded", true)));
        server.enqueue(MockResponse.sse(wire(events)));

        List<RawMessageStreamEvent> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (StreamResponse<RawMessageStreamEvent> stream =
                            client.messages().createStreaming(ASK)) {
                        stream.stream().forEach(seen::add);
                    }
                })
                .isInstanceOfSatisfying(
                        SseException.class, e -> assertThat(e.getMessage()).contains("overloaded_error"));
        assertThat(seen).isNotEmpty();
    }

    @Test
    void theSdkRaisesAnOverloadedStatusAsOverloaded() {
        AnthropicWire.ErrorMapping error = AnthropicWire.errorFor(
                new ProviderException("anthropic", 529, "overloaded_error", null, "Overloaded", true));
        server.enqueue(MockResponse.json(error.status(), error.toJson().toString()));

        assertThatThrownBy(() -> client.messages().create(ASK)).isInstanceOf(OverloadedException.class);
    }
}
