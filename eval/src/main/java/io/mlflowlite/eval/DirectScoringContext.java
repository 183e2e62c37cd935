package io.mlflowlite.eval;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.gateway.Gateway;
import java.util.function.Supplier;

/** Judge and embedding calls straight to a gateway, for scorers used outside a run. Thread-safe. */
final class DirectScoringContext implements ScoringContext {
    private final Supplier<Gateway> gateway;
    private final String judgeModel;

    DirectScoringContext(Supplier<Gateway> gateway, String judgeModel) {
        this.gateway = gateway;
        this.judgeModel = judgeModel;
    }

    @Override
    public String judgeModel() {
        return judgeModel != null ? judgeModel : JudgeModels.defaultFor(gateway.get());
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        return JudgeModels.explainUnavailable(
                request.model(), () -> gateway.get().completion(request));
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        return JudgeModels.explainUnavailable(request.model(), () -> ScorerEmbeddings.embed(gateway.get(), request));
    }
}
