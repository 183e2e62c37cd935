package io.mlflowlite.chat;

import io.mlflowlite.cost.Cost;
import java.time.Duration;
import java.util.List;

/**
 * Embeddings in input order, with usage, cost and latency.
 *
 * @param vectors one vector per input text, in input order
 */
public record EmbeddingResponse(String model, String provider, List<float[]> vectors, int promptTokens, Cost cost,
        Duration latency) {
    public EmbeddingResponse {
        vectors = List.copyOf(vectors);
    }

    public EmbeddingResponse withCost(Cost newCost, Duration newLatency) {
        return new EmbeddingResponse(model, provider, vectors, promptTokens, newCost, newLatency);
    }
}
