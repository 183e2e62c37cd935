package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scorer's embedding calls are tagged as evaluation work, like judge calls, so trace lists can hide them. */
class ScorerEmbeddingsTest {
    @TempDir
    Path spill;

    @Test
    void semanticSimilarityEmbeddingsCarryTheJudgeTag() {
        InMemoryTraceStore store = new InMemoryTraceStore(100);
        Tracing tracing = Tracing.builder().store(store).spillDir(spill).build();
        try (Gateway gateway = Gateway.builder()
                .tracing(tracing)
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build()) {
            EvalRow row = EvalRow.builder()
                    .input("q", "q")
                    .outputs("Paris")
                    .expectedResponse("Paris")
                    .build();

            Evaluation.builder()
                    .data(Dataset.of(row))
                    .gateway(gateway)
                    .scorers(Scorers.semanticSimilarity().withModel("mock/embed"))
                    .build()
                    .run();
            tracing.flush(Duration.ofSeconds(10));
        }

        List<TraceInfo> traces = store.search(TraceQuery.all()).traces();
        List<TraceInfo> embeddings = traces.stream()
                .filter(t -> store.get(t.traceId()).orElseThrow().spans().stream()
                        .anyMatch(s -> s.type() == SpanType.EMBEDDING))
                .toList();
        assertThat(embeddings)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.tags()).containsEntry(JudgeCall.JUDGE_TAG, "embedding"));
    }
}
