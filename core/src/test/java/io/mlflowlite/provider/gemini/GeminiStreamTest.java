package io.mlflowlite.provider.gemini;

import static io.mlflowlite.provider.gemini.GeminiFixtures.API_KEY;
import static io.mlflowlite.provider.gemini.GeminiFixtures.GEMINI;
import static io.mlflowlite.provider.gemini.GeminiFixtures.call;
import static io.mlflowlite.provider.gemini.GeminiFixtures.deployment;
import static io.mlflowlite.provider.gemini.GeminiFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeminiStreamTest {
    private static final ChatRequest REQUEST =
            ChatRequest.builder().model("gemini/gemini-2.5-flash").addUserMessage("Why is the sky blue?").stream(true)
                    .build();

    private MockLlmServer upstream;
    private Deployment deployment;

    @BeforeEach
    void start() {
        upstream = MockLlmServer.start();
        deployment = deployment(upstream, "gemini-2.5-flash");
    }

    @AfterEach
    void stop() {
        upstream.close();
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

    private static ChatResponse accumulate(List<ChatChunk> chunks) {
        StreamAccumulator accumulator = new StreamAccumulator();
        chunks.forEach(accumulator::add);
        return accumulator.toResponse();
    }

    @Test
    void postsStreamGenerateContentAsSseWithTheKeyInTheHeaderOnly() {
        upstream.enqueue(MockResponse.sseTranscript(text("stream.sse")));

        drain(GEMINI.stream(call(REQUEST, deployment)));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
        assertThat(sent.queryParam("alt")).contains("sse");
        assertThat(sent.queryParam("key")).isEmpty();
        assertThat(sent.target()).doesNotContain(API_KEY);
        assertThat(sent.header("x-goog-api-key")).contains(API_KEY);
        assertThat(sent.jsonBody().at("/contents/0/parts/0/text").asText()).isEqualTo("Why is the sky blue?");
    }

    @Test
    void textArrivesAsDeltasAndTheFinishingChunkCarriesTheTotalUsage() {
        upstream.enqueue(MockResponse.sseTranscript(text("stream.sse")));

        List<ChatChunk> chunks = drain(GEMINI.stream(call(REQUEST, deployment)));

        assertThat(chunks)
                .extracting(ChatChunk::content)
                .containsExactly(
                        "The sky looks blue because", " of Rayleigh scattering:", " shorter wavelengths scatter more.");
        assertThat(chunks).extracting(c -> c.choices().get(0).role()).containsExactly(Role.ASSISTANT, null, null);
        assertThat(chunks)
                .extracting(c -> c.choices().get(0).finishReason())
                .containsExactly(null, null, FinishReason.STOP);
        assertThat(chunks).extracting(c -> c.usage().isPresent()).containsExactly(false, false, true);
        assertThat(chunks).extracting(ChatChunk::id).containsOnly("FbHhaNr9LqW6vdIP9Ja86Qs");

        ChatResponse response = accumulate(chunks);
        assertThat(response.content())
                .isEqualTo("The sky looks blue because of Rayleigh scattering: shorter wavelengths scatter more.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
        assertThat(response.usage()).isEqualTo(new Usage(9, 20 + 307, 9 + 20 + 307, 0, 0, 307, false));
    }

    @Test
    void streamedFunctionCallsAccumulateToToolCallsWithTheSameIdsAsANonStreamedAnswer() {
        String transcript = text("stream-function-call.sse");
        String signature = Json.read(
                        transcript.lines().findFirst().orElseThrow().substring("data: ".length()))
                .at("/candidates/0/content/parts/0/thoughtSignature")
                .asText();
        upstream.enqueue(MockResponse.sseTranscript(transcript));

        List<ChatChunk> chunks = drain(GEMINI.stream(call(REQUEST, deployment)));

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(1).choices().get(0).toolCalls())
                .extracting(ChatChunk.ToolCallDelta::index)
                .containsExactly(1);
        ChatResponse response = accumulate(chunks);
        assertThat(response.toolCalls())
                .containsExactly(
                        new ToolCall(
                                "call_0_get_weather~" + signature,
                                "get_weather",
                                "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                        new ToolCall("call_1_get_time", "get_time", "{\"timezone\":\"Europe/Paris\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.usage()).isEqualTo(new Usage(96, 41 + 68, 96 + 41 + 68, 0, 0, 68, false));
    }

    @Test
    void aBodyThatEndsBeforeAnyFinishReasonIsATruncatedStream() {
        upstream.enqueue(MockResponse.sseTranscript(text("stream-truncated.sse")));
        ChunkSource source = GEMINI.stream(call(REQUEST, deployment));

        assertThat(source.next().content()).isEqualTo("Once upon a time");
        assertThat(source.next().content()).isEqualTo(", in a quiet village");
        assertThatThrownBy(source::next)
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("truncated");
        source.close();
    }

    @Test
    void aBlockedPromptEndsTheStreamWithContentFilter() {
        upstream.enqueue(MockResponse.sse("data: " + Json.read(text("generate-blocked.json")) + "\r\n\r\n"));

        ChatResponse response = accumulate(drain(GEMINI.stream(call(REQUEST, deployment))));

        assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(response.content()).isEmpty();
        assertThat(response.usage().promptTokens()).isEqualTo(638);
    }

    @Test
    void aRateLimitBeforeTheStreamStartsIsThrownFromStream() {
        upstream.enqueue(MockResponse.json(429, text("error-429.json")));

        assertThatThrownBy(() -> GEMINI.stream(call(REQUEST, deployment)))
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(12)));
    }

    @Test
    void anErrorEventAfterTheHeadersIsThrownAsTheProviderErrorItDescribes() {
        String first = text("stream.sse").split("\r\n\r\n")[0] + "\r\n\r\n";
        upstream.enqueue(MockResponse.sse(first, "data: " + Json.read(text("error-429.json")) + "\r\n\r\n"));
        ChunkSource source = GEMINI.stream(call(REQUEST, deployment));

        assertThat(source.next().content()).isEqualTo("The sky looks blue because");
        assertThatThrownBy(source::next)
                .isInstanceOfSatisfying(
                        RateLimitedException.class, e -> assertThat(e.type()).contains("RESOURCE_EXHAUSTED"));
        source.close();
    }

    @Test
    void aStalledStreamFailsAfterTheWaitBudgetInsteadOfHanging() {
        upstream.enqueue(MockResponse.sseTranscript(text("stream.sse")).faultAfter(1, Fault.STALL));
        ChunkSource source = GEMINI.stream(call(REQUEST, deployment, Duration.ofMillis(300)));

        assertThat(source.next().content()).isEqualTo("The sky looks blue because");
        assertThatThrownBy(source::next).isInstanceOf(AttemptTimeoutException.class);
        source.close();
    }
}
