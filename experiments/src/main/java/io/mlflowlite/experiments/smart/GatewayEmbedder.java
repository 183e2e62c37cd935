package io.mlflowlite.experiments.smart;

import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.gateway.Gateway;
import java.util.List;
import java.util.Objects;

/**
 * An {@link Embedder} calling a gateway's embeddings API, by default for {@value #MINILM}, the in-process
 * all-MiniLM-L6-v2 that the {@code mlflowlite-embed} module provides (no network: the model runs in the JVM).
 * Thread-safe when the gateway is.
 */
public final class GatewayEmbedder implements Embedder {
    /** The local MiniLM embedding model's name. */
    public static final String MINILM = "local/all-minilm-l6-v2";

    private static final int MAX_BATCH = 64;

    private final Gateway gateway;
    private final String model;
    private final int dimensions;

    private GatewayEmbedder(Gateway gateway, String model, int dimensions) {
        this.gateway = gateway;
        this.model = model;
        this.dimensions = dimensions;
    }

    /** MiniLM (384 dimensions) through {@code gateway}; needs the {@code mlflowlite-embed} module at run time. */
    public static GatewayEmbedder minilm(Gateway gateway) {
        return of(gateway, MINILM);
    }

    /** {@code model} through {@code gateway}; asks it once for a vector to learn the dimensions. */
    public static GatewayEmbedder of(Gateway gateway, String model) {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(model, "model");
        EmbeddingResponse probe = gateway.embedding(EmbeddingRequest.of(model, List.of("dimensions")));
        return new GatewayEmbedder(gateway, model, probe.vectors().getFirst().length);
    }

    @Override
    public float[] embed(String text) {
        return gateway.embedding(EmbeddingRequest.of(model, List.of(text)))
                .vectors()
                .getFirst();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new java.util.ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += MAX_BATCH) {
            List<String> batch = texts.subList(i, Math.min(texts.size(), i + MAX_BATCH));
            out.addAll(gateway.embedding(EmbeddingRequest.of(model, batch)).vectors());
        }
        return out;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public String model() {
        return model;
    }
}
