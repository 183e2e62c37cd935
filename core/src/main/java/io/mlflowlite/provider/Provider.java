package io.mlflowlite.provider;

import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import java.time.Duration;

/**
 * A wire format adapter: turns a {@link ProviderCall} into the provider's HTTP request and its answer into
 * OpenAI-shaped values. One instance serves every deployment of its wire format and is thread-safe.
 *
 * <p>Contract: map every failure to a typed {@link io.mlflowlite.error.MlflowliteException} (provider errors keep
 * status, type and message; 429 becomes {@link io.mlflowlite.error.RateLimitedException} with its retry-after);
 * never wait past {@link ProviderCall#waitBudget()}; never retry (the pipeline does); never put keys in
 * exception messages.
 */
public interface Provider {
    /** The wire format's name: {@code openai}, {@code anthropic}, {@code gemini}, {@code mock}. */
    String wire();

    /** Sends one non-streaming request. Blocks up to the call's wait budget. */
    ChatResponse chat(ProviderCall call);

    /**
     * Starts a stream and returns once the provider accepted it (2xx headers); errors before that are
     * thrown from here. The source's {@code next()} waits at most the wait budget per chunk.
     */
    ChunkSource stream(ProviderCall call);

    /** Embeds texts; providers without an embeddings API throw {@link UnsupportedOperationException}. */
    default EmbeddingResponse embed(EmbeddingRequest request, Deployment deployment, Duration timeout) {
        throw new UnsupportedOperationException(wire() + " has no embeddings API in mlflowlite");
    }
}
