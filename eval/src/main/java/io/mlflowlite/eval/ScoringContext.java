package io.mlflowlite.eval;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.SharedGateway;

/**
 * A scorer's door to models. Inside a run, judge calls go through the run's cache (identical model and messages
 * are one call, concurrent duplicates wait for the first), its limits ({@code maxConcurrency},
 * {@code maxRequestsPerMinute}), its cost cap, and count as judge usage, apart from the application's. Calls block
 * the calling thread; implementations are thread-safe.
 */
public interface ScoringContext {
    /** The judge model of this run (per-judge overrides aside): set, global, or picked from the keys present. */
    String judgeModel();

    /**
     * Sends a judge request through the gateway pipeline (retries with backoff on 429 included).
     *
     * @throws CostCapReachedException when the run's judge cost cap is reached (the call is not made)
     * @throws io.mlflowlite.error.MlflowliteException when the call fails after its retries
     */
    ChatResponse complete(ChatRequest request);

    /** Embeds texts through the gateway; counted as judge usage. */
    EmbeddingResponse embed(EmbeddingRequest request);

    /**
     * Calls straight to {@code gateway} with no cache, limit or cap: for trying scorers outside a run.
     *
     * @param judgeModel the judge model; null picks it as a run would ({@link JudgeModels#defaultFor})
     */
    static ScoringContext direct(Gateway gateway, String judgeModel) {
        return new DirectScoringContext(() -> gateway, judgeModel);
    }

    /** {@link #direct} on the shared gateway ({@link SharedGateway#get()}), resolved at the first call. */
    static ScoringContext standalone() {
        return new DirectScoringContext(SharedGateway::get, null);
    }
}
