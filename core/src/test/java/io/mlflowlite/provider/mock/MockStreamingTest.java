package io.mlflowlite.provider.mock;

import static io.mlflowlite.provider.mock.MockCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.Role;
import io.mlflowlite.chat.StreamAccumulator;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.AttemptTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MockStreamingTest {
    private final MockProvider provider = MockCalls.instantProvider();

    @Test
    void streamedChunksAccumulateToTheSameResponseAsChat() {
        List<ChatRequest> requests = List.of(
                request("What is the capital of Kenya?").build(),
                request("Write a short poem about the sea").build(),
                request("Who painted Guernica?").n(3).build(),
                request("Who painted Guernica?")
                        .responseFormat(ResponseFormat.JSON_OBJECT)
                        .build(),
                request("Describe the water cycle in detail").maxTokens(7).build(),
                request("What's the weather in Rome?")
                        .tools(ToolDefinition.function(
                                "get_weather",
                                "Weather for a city",
                                MockCalls.json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                                        + "\"required\":[\"city\"]}")))
                        .build());
        for (ChatRequest request : requests) {
            ChatResponse chat = provider.chat(call("balanced", request));
            ChatResponse streamed = accumulate(drain(provider.stream(call("balanced", request))));

            assertThat(streamed.choices()).as(request.messages().get(0).text()).isEqualTo(chat.choices());
            assertThat(streamed.usage()).isEqualTo(chat.usage());
            assertThat(streamed.model()).isEqualTo("balanced");
        }
    }

    @Test
    void firstChunkCarriesTheRoleAndTheLastOneTheUsage() {
        List<ChatChunk> chunks = drain(
                provider.stream(call("mini", request("Who wrote the Odyssey?").build())));

        assertThat(chunks.get(0).choices().get(0).role()).isEqualTo(Role.ASSISTANT);
        ChatChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage())
                .hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(c -> assertThat(c.usage()).isEmpty());
        assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason())
                .isEqualTo(FinishReason.STOP);
        assertThat(chunks).extracting(ChatChunk::id).containsOnly(chunks.get(0).id());
        assertThat(chunks.get(0).id()).startsWith("chatcmpl-mock-");
    }

    @Test
    void textArrivesInDeltasOfAFewTokens() {
        List<ChatChunk> chunks = drain(provider.stream(
                call("mini", request("Explain photosynthesis to a child").build())));
        List<String> deltas = chunks.stream()
                .map(ChatChunk::content)
                .filter(c -> !c.isEmpty())
                .toList();
        assertThat(deltas).hasSizeGreaterThan(10);
        assertThat(deltas).allSatisfy(d -> assertThat(Tokens.count(d)).isBetween(1, 4));
    }

    @Test
    void multiByteCharactersAreNeverSplitAcrossDeltas() {
        String text = "Grüße aus Köln 👋🏽 — 日本語のテキスト, émojis 🧑‍💻 and ℕ≠ℤ.";
        ChatRequest echo =
                ChatRequest.builder().model("mock/echo").addUserMessage(text).build();
        List<ChatChunk> chunks = drain(provider.stream(call("echo", echo)));
        assertThat(accumulate(chunks).content()).isEqualTo(text);
        assertThat(chunks).extracting(ChatChunk::content).noneMatch(c -> c.contains("\uFFFD"));
    }

    @Test
    void toolCallsStreamAsIdAndNameThenArgumentFragments() {
        ChatRequest request = request("What's the weather in Rome?")
                .tools(ToolDefinition.function(
                        "get_weather",
                        "Weather for a city",
                        MockCalls.json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                                + "\"note\":{\"type\":\"string\"}},\"required\":[\"city\",\"note\"]}")))
                .build();
        List<ChatChunk.ToolCallDelta> deltas = new ArrayList<>();
        drain(provider.stream(call("pro", request)))
                .forEach(c -> c.choices().forEach(d -> deltas.addAll(d.toolCalls())));

        assertThat(deltas.get(0).id()).startsWith("call_");
        assertThat(deltas.get(0).name()).isEqualTo("get_weather");
        assertThat(deltas.size()).isGreaterThan(2);
        assertThat(deltas.subList(1, deltas.size())).allSatisfy(d -> {
            assertThat(d.id()).isNull();
            assertThat(d.name()).isNull();
        });
        String arguments =
                deltas.stream().map(ChatChunk.ToolCallDelta::arguments).reduce("", String::concat);
        assertThat(MockCalls.json(arguments).path("city").asText()).isEqualTo("Rome");
    }

    @Test
    void closeStopsTheStreamAndIsIdempotent() {
        ChunkSource source = provider.stream(
                call("mini", request("Tell me about the Roman Empire").build()));
        assertThat(source.next()).isNotNull();
        assertThat(source.next()).isNotNull();
        source.close();
        source.close();
        assertThat(source.next()).isNull();
    }

    @Test
    void closeWakesAReaderWaitingForTheNextChunk() throws Exception {
        MockProvider slow = new MockProvider(MockModels.empty()
                .withModel(
                        "slow",
                        MockModelSpec.builder()
                                .timeToFirstToken(Duration.ZERO, Duration.ZERO, Duration.ZERO)
                                .tokensPerSecond(0.001)
                                .build()));
        ChunkSource source = slow.stream(
                call("slow", request("Tell me about the Roman Empire").build()));
        assertThat(source.next()).isNotNull(); // the role chunk comes at once; the first text is ~50 min away

        AtomicReference<Object> outcome = new AtomicReference<>("pending");
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(source.next());
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        awaitWaiting(reader);
        source.close();
        reader.join(Duration.ofSeconds(10));

        assertThat(reader.isAlive()).isFalse();
        assertThat(outcome.get()).isNull();
    }

    @Test
    void aDeltaDueAfterTheWaitBudgetTimesOut() {
        MockProvider slow = new MockProvider(MockModels.empty()
                .withModel(
                        "slow",
                        MockModelSpec.builder()
                                .timeToFirstToken(Duration.ZERO, Duration.ZERO, Duration.ZERO)
                                .tokensPerSecond(0.001)
                                .build()));
        ChunkSource source =
                slow.stream(call("slow", request("Tell me about Rome").build(), Duration.ofMillis(30)));
        assertThat(source.next()).isNotNull();
        assertThatThrownBy(source::next)
                .isInstanceOf(AttemptTimeoutException.class)
                .hasMessageContaining("30 ms");
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("reader never started waiting").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static ChatRequest.Builder request(String question) {
        return ChatRequest.builder().model("mock/x").addUserMessage(question).seed(21L);
    }

    private static List<ChatChunk> drain(ChunkSource source) {
        List<ChatChunk> chunks = new ArrayList<>();
        for (ChatChunk chunk = source.next(); chunk != null; chunk = source.next()) {
            chunks.add(chunk);
        }
        source.close();
        return chunks;
    }

    private static ChatResponse accumulate(List<ChatChunk> chunks) {
        StreamAccumulator accumulator = new StreamAccumulator();
        chunks.forEach(accumulator::add);
        return accumulator.toResponse();
    }
}
