package io.mlflowlite.chat;

import java.time.Duration;
import java.util.List;

/**
 * Embeddings in input order, with usage, cost and latency.
 *
 * @param vectors one vector per input text, in input order
 */
public record EmbeddingResponse(
        String model, String provider, List<float[]> vectors, int promptTokens, Cost cost, Duration latency) {
    public EmbeddingResponse {
        vectors = List.copyOf(vectors);
    }

    public EmbeddingResponse withCost(Cost newCost, Duration newLatency) {
        return new EmbeddingResponse(model, provider, vectors, promptTokens, newCost, newLatency);
    }

    /** The similarity of the {@code i}-th and {@code j}-th vectors; see {@link #cosine(float[], float[])}. */
    public double similarity(int i, int j) {
        return cosine(vectors.get(i), vectors.get(j));
    }

    /**
     * Cosine similarity of two vectors, from -1 to 1; 0 when either is all zeros. Sums in double precision.
     *
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
