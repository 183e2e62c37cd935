package io.mlflowlite.experiments.smart;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a fixed-length vector for the smart router's optional classifier. The production one is
 * {@link GatewayEmbedder} (all-MiniLM-L6-v2 through the gateway's embeddings API); tests may use any
 * deterministic one. Implementations must be thread-safe and return vectors of {@link #dimensions()} numbers.
 */
public interface Embedder {
    /** The vector of {@code text}. */
    float[] embed(String text);

    /** The vectors of {@code texts}, in order; override to batch. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }

    /** How many numbers each vector has. */
    int dimensions();

    /** The model name recorded in a routing table trained with these vectors ({@code local/all-minilm-l6-v2}). */
    String model();
}
