package io.mlflowlite.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.error.Attempt;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.pipeline.RetryPolicy;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.ActiveSpan;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.Tracer;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embeddings calls are retried like chat attempts and traced as EMBEDDING spans with their tokens and cost. */
class EmbeddingCallTest {
    private static final String OVERLOADED = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";

    @TempDir
    Path spill;

    private final MockLlmServer upstream = MockLlmServer.start();
    private final InMemoryTraceStore store = new InMemoryTraceStore(10);
    private Tracing tracing;
    private Gateway gateway;

    private Gateway gateway() {
        tracing = Tracing.builder().store(store).spillDir(spill).build();
        gateway = Gateway.builder()
                .env(Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", upstream.url("/v1")))
                .tracing(tracing)
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1)))
                .build();
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

    private Trace onlyTrace() {
        tracing.flush(Duration.ofSeconds(5));
        List<TraceInfo> traces = store.search(TraceQuery.all()).traces();
        assertThat(traces).hasSize(1);
        return store.get(traces.get(0).traceId()).orElseThrow();
    }

    @Test
    void aRetryableFailureIsRetriedAndTheCallIsTracedWithTokensAndCost() {
        Gateway gateway = gateway();
        upstream.enqueue(MockResponse.json(503, OVERLOADED));
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/embeddings.json")));

        EmbeddingResponse response =
                gateway.embedding(EmbeddingRequest.of("openai/text-embedding-3-small", List.of("a", "b")));

        assertThat(upstream.requestCount()).isEqualTo(2);
        assertThat(response.vectors()).hasSize(2);
        Span span = onlyTrace().root().orElseThrow();
        assertThat(span.type()).isEqualTo(SpanType.EMBEDDING);
        assertThat(span.status()).isEqualTo(SpanStatus.OK);
        assertThat(span.attributes())
                .containsEntry("gen_ai.operation.name", "embeddings")
                .containsEntry("gen_ai.usage.input_tokens", (long) response.promptTokens())
                .containsEntry("mlflowlite.attempts", 2L);
        assertThat(onlyTrace().totalTokens()).isEqualTo(response.promptTokens());
        assertThat(response.cost().total()).isPositive();
    }

    @Test
    void aBadRequestIsNotRetriedAndTheSpanRecordsTheError() {
        Gateway gateway = gateway();
        upstream.enqueue(MockResponse.json(
                400, "{\"error\":{\"message\":\"input too long\",\"type\":\"invalid_request_error\"}}"));

        assertThatThrownBy(() -> gateway.embedding(EmbeddingRequest.of("openai/text-embedding-3-small", List.of("a"))))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("input too long")
                .satisfies(e -> assertThat(((MlflowliteException) e).attempts())
                        .extracting(Attempt::outcome)
                        .containsExactly(Attempt.Outcome.FAILED));
        assertThat(upstream.requestCount()).isEqualTo(1);
        assertThat(onlyTrace().root().orElseThrow().status()).isEqualTo(SpanStatus.ERROR);
    }

    @Test
    void insideTheCallersSpanTheEmbeddingIsAChildOfIt() {
        Gateway gateway = gateway();
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/embeddings.json")));

        try (ActiveSpan retrieval = Tracer.start(tracing, "retrieve", SpanType.RETRIEVER)) {
            gateway.embedding(EmbeddingRequest.of("openai/text-embedding-3-small", List.of("a", "b")));
        }

        Trace trace = onlyTrace();
        assertThat(trace.spans())
                .extracting(Span::type)
                .containsExactlyInAnyOrder(SpanType.RETRIEVER, SpanType.EMBEDDING);
        Span root = trace.root().orElseThrow();
        assertThat(root.type()).isEqualTo(SpanType.RETRIEVER);
        assertThat(trace.spans())
                .filteredOn(s -> s.type() == SpanType.EMBEDDING)
                .singleElement()
                .satisfies(s -> assertThat(s.parentId()).isEqualTo(root.spanId()));
    }
}
