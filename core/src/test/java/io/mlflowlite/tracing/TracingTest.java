package io.mlflowlite.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracingTest {
    @TempDir
    Path spill;

    private final InMemoryTraceStore store = new InMemoryTraceStore(1000);
    private Tracing tracing;
    private Gateway gateway;
    private final MockLlmServer upstream = MockLlmServer.start();

    private Gateway gateway() {
        if (gateway == null) {
            tracing = Tracing.builder()
                    .store(store)
                    .spillDir(spill)
                    .experiment("tests")
                    .build();
            gateway = Gateway.builder()
                    .env(Map.of(
                            "OPENAI_API_KEY",
                            "sk-live-abcdefghijklmnopqrstuvwx",
                            "OPENAI_BASE_URL",
                            upstream.url("/v1")))
                    .tracing(tracing)
                    .retryPolicy(new io.mlflowlite.pipeline.RetryPolicy(
                            2, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1)))
                    .build();
        }
        return gateway;
    }

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
            tracing.close();
        }
        upstream.close();
    }

    private Trace stored(String traceId) {
        tracing.flush(Duration.ofSeconds(5));
        return store.get(traceId).orElseThrow(() -> new AssertionError("trace " + traceId + " was not stored"));
    }

    @Test
    void everyCallIsATraceWithAChatModelRootAndOneSpanPerAttempt() {
        upstream.enqueue(MockResponse.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));

        ChatResponse response = gateway()
                .completion(ChatRequest.builder()
                        .model("gpt-4o")
                        .addUserMessage("What is the capital of France?")
                        .temperature(0.3)
                        .build());

        assertThat(response.traceId()).hasValueSatisfying(id -> assertThat(id).matches("tr-[0-9a-f]{32}"));
        Trace trace = stored(response.traceId().get());
        TraceInfo info = trace.info();
        assertThat(info.experiment()).isEqualTo("tests");
        assertThat(info.state()).isEqualTo(TraceState.OK);
        assertThat(info.model()).isEqualTo("gpt-4o");
        assertThat(info.requestPreview()).isEqualTo("What is the capital of France?");
        assertThat(info.responsePreview()).isEqualTo(response.content());
        assertThat(info.inputTokens()).isEqualTo(response.usage().promptTokens());
        assertThat(info.outputTokens()).isEqualTo(response.usage().completionTokens());
        assertThat(info.cost()).isEqualByComparingTo(response.cost().total());
        assertThat(info.metadata()).containsKey("mlflow.trace.tokenUsage");

        Span root = trace.root().orElseThrow();
        assertThat(root.type()).isEqualTo(SpanType.CHAT_MODEL);
        assertThat(root.name()).isEqualTo("chat gpt-4o");
        assertThat(root.attributes())
                .containsEntry("mlflow.spanType", "CHAT_MODEL")
                .containsEntry("gen_ai.request.model", "gpt-4o")
                .containsEntry("gen_ai.system", "openai")
                .containsEntry(
                        "gen_ai.usage.input_tokens", (long) response.usage().promptTokens())
                .containsEntry("gen_ai.request.temperature", 0.3)
                .containsKeys("mlflow.chat.tokenUsage", "mlflow.llm.cost", "gen_ai.response.id");
        assertThat(root.inputs().at("/messages/0/content").asText()).isEqualTo("What is the capital of France?");
        assertThat(root.outputs().at("/choices/0/message/content").asText()).isEqualTo(response.content());

        List<Span> attempts = trace.children(root.spanId());
        assertThat(attempts).extracting(Span::type).containsOnly(SpanType.LLM);
        assertThat(attempts).extracting(Span::status).containsExactly(SpanStatus.ERROR, SpanStatus.OK);
        assertThat(attempts.get(0).attributes()).containsEntry("http.response.status_code", 500L);
        assertThat(attempts.get(0).statusMessage()).contains("boom");
    }

    @Test
    void aFailedCallIsAnErrorTraceWithTheException() {
        upstream.enqueue(MockResponse.json(
                401, "{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\"}}"));

        assertThatThrownBy(() -> gateway().completion(ChatRequest.of("gpt-4o", "hi")))
                .isInstanceOf(ProviderException.class);

        tracing.flush(Duration.ofSeconds(5));
        TraceInfo info = store.search(
                        TraceQuery.builder().state(TraceState.ERROR).build())
                .traces()
                .get(0);
        Span root = store.get(info.traceId()).orElseThrow().root().orElseThrow();
        assertThat(root.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(root.events()).extracting(SpanEvent::name).contains("exception");
    }

    @Test
    void aCallThatFailedBeforeAnyAnswerIsTracedUnderTheModelItAskedFor() {
        upstream.enqueue(MockResponse.json(
                401, "{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\"}}"));

        assertThatThrownBy(() -> gateway().completion(ChatRequest.of("gpt-4o", "hi")))
                .isInstanceOf(ProviderException.class);

        tracing.flush(Duration.ofSeconds(5));
        TraceInfo info = store.search(
                        TraceQuery.builder().state(TraceState.ERROR).build())
                .traces()
                .get(0);
        assertThat(info.model()).isEqualTo("gpt-4o");
        assertThat(info.totalTokens()).isZero();
    }

    @Test
    void applicationSpansNestWithTheCallsMadeInsideThem() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
        Tracing.setGlobal(tracingForGlobal());
        try {
            String[] traceId = new String[1];
            String answer = Tracer.span("answer_question", SpanType.CHAIN, () -> {
                List<String> docs = Tracer.span("retrieve", SpanType.RETRIEVER, () -> List.of("doc-1", "doc-2"));
                ChatResponse r = gateway().completion(ChatRequest.of("gpt-4o", "Answer from " + docs));
                traceId[0] = r.traceId().orElseThrow();
                return r.content();
            });

            Trace trace = stored(traceId[0]);
            Span root = trace.root().orElseThrow();
            assertThat(root.name()).isEqualTo("answer_question");
            assertThat(root.outputs().asText()).isEqualTo(answer);
            assertThat(trace.children(root.spanId())).extracting(Span::name).containsExactly("retrieve", "chat gpt-4o");
            assertThat(trace.info().totalTokens()).isPositive();
            assertThat(trace.summary()).contains("answer_question [CHAIN]").contains("  chat gpt-4o [CHAT_MODEL]");
        } finally {
            Tracing.setGlobal(null);
        }
    }

    private Tracing tracingForGlobal() {
        gateway();
        return tracing;
    }

    @Test
    void streamsAreTracedWhenTheyEndWithTheAccumulatedOutput() {
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")));

        String traceId;
        try (ChatStream stream = gateway().stream(ChatRequest.of("gpt-4o", "hi"))) {
            stream.forEach(chunk -> {});
            traceId = stream.response().traceId().orElseThrow();
        }

        Span root = stored(traceId).root().orElseThrow();
        assertThat(root.outputs().at("/choices/0/message/content").asText()).isNotEmpty();
        assertThat(root.events()).extracting(SpanEvent::name).contains("first_token");
        assertThat((Long) root.attributes().get("gen_ai.usage.output_tokens")).isPositive();
    }

    @Test
    void aStreamKnowsItsTraceIdBeforeItsFirstChunkIsRead() {
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")));

        try (ChatStream stream = gateway().stream(ChatRequest.of("gpt-4o", "hi"))) {
            String early = stream.traceId().orElseThrow();
            stream.forEach(chunk -> {});

            assertThat(early)
                    .startsWith("tr-")
                    .isEqualTo(stream.response().traceId().orElseThrow());
        }
    }

    @Test
    void aStreamClosedEarlyIsMarkedCancelled() {
        upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")));

        ChatStream stream = gateway().stream(ChatRequest.of("gpt-4o", "hi"));
        Iterator<ChatChunk> chunks = stream.iterator();
        chunks.next();
        stream.close();

        tracing.flush(Duration.ofSeconds(5));
        Trace trace = store.get(store.search(TraceQuery.all()).traces().get(0).traceId())
                .orElseThrow();
        assertThat(trace.root().orElseThrow().attributes()).containsEntry("mlflowlite.stream.cancelled", true);
    }

    @Test
    void userSessionAndTagsComeFromTheRequest() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));

        ChatResponse r = gateway()
                .completion(ChatRequest.builder()
                        .model("gpt-4o")
                        .addUserMessage("hi")
                        .metadata("session_id", "s-42")
                        .metadata("user_id", "u-7")
                        .metadata("feature", "search")
                        .build());

        TraceInfo info = stored(r.traceId().orElseThrow()).info();
        assertThat(info.user()).isEqualTo("u-7");
        assertThat(info.session()).isEqualTo("s-42");
        assertThat(info.tags()).containsEntry("feature", "search");
        assertThat(info.metadata()).containsEntry("mlflow.trace.session", "s-42");
        assertThat(upstream.takeRequest().jsonBody().has("metadata")).isFalse();
    }

    @Test
    void secretsNeverReachATrace() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));

        ChatResponse r = gateway()
                .completion(ChatRequest.of(
                        "gpt-4o",
                        "my key is sk-live-abcdefghijklmnopqrstuvwx and Authorization: Bearer abcdefgh12345678"));

        String json = TraceJson.toJson(stored(r.traceId().orElseThrow())).toString();
        assertThat(json)
                .doesNotContain("sk-live-abcdefghijklmnopqrstuvwx")
                .doesNotContain("abcdefgh12345678")
                .contains(Redactor.MASK);
    }

    @Test
    void aTraceNoLongerAmongTheRecentOnesAndNotYetStoredIsReadAfterAFlush() {
        // a flush interval far longer than the test: the writer holds the traces until asked
        TraceWriter.Options slow = new TraceWriter.Options(10_000, 500, Duration.ofMinutes(5), Duration.ofSeconds(30));
        try (Tracing held = Tracing.builder()
                .store(store)
                .spillDir(spill)
                .writerOptions(slow)
                .build()) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ActiveSpan span = held.startSpan("step " + i, SpanType.UNKNOWN, null);
                ids.add(span.traceId());
                span.end();
            }
            assertThat(store.get(ids.getFirst())).isEmpty();

            assertThat(held.getTrace(ids.getFirst()))
                    .get()
                    .extracting(t -> t.spans().getFirst().name())
                    .isEqualTo("step 0");
            assertThat(held.getTrace(ids.getLast())).isPresent();
            assertThat(held.getTrace("tr-unknown")).isEmpty();
        }
    }

    @Test
    void disabledTracingRecordsNothing() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
        gateway();
        tracing.setEnabled(false);

        ChatResponse r = gateway.completion(ChatRequest.of("gpt-4o", "hi"));

        assertThat(r.traceId()).isEmpty();
        tracing.flush(Duration.ofSeconds(5));
        assertThat(store.search(TraceQuery.all()).traces()).isEmpty();
    }

    @Test
    void traceJsonRoundTripsEveryField() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat-tool-call.json")));
        ChatResponse r = gateway().completion(ChatRequest.of("gpt-4o", "weather?"));
        Trace trace = stored(r.traceId().orElseThrow());

        JsonNode json = TraceJson.toJson(trace);
        Trace back = TraceJson.fromJson(json);

        assertThat(back).isEqualTo(trace);
    }
}
