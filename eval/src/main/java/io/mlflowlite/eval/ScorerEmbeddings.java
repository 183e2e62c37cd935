package io.mlflowlite.eval;

import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.tracing.ActiveSpan;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Tracer;
import java.util.Map;

/**
 * A scorer's embedding call, tagged as evaluation work the way judge calls are ({@link JudgeCall#JUDGE_TAG}), so
 * trace lists can leave it out of the application's traffic. Called outside any trace, the embedding would be a
 * trace of its own: it gets a {@code score <model>} span carrying the tag. Inside a trace it is a child span as
 * before, and the enclosing trace keeps its tags.
 */
final class ScorerEmbeddings {
    private ScorerEmbeddings() {}

    static EmbeddingResponse embed(Gateway gateway, EmbeddingRequest request) {
        if (Tracer.current().isPresent() || !gateway.tracing().enabled()) {
            return gateway.embedding(request);
        }
        try (ActiveSpan span = Tracer.start(gateway.tracing(), "score " + request.model(), SpanType.CHAIN)) {
            Tracer.updateCurrentTrace(null, null, Map.of(JudgeCall.JUDGE_TAG, "embedding"));
            span.setInputs(
                    Map.of("model", request.model(), "texts", request.input().size()));
            try {
                return gateway.embedding(request);
            } catch (RuntimeException e) {
                span.recordError(e);
                throw e;
            }
        }
    }
}
