package io.mlflowlite.provider.mock;

/**
 * Deterministic stand-in embeddings: the text's lower-cased words hashed into a fixed number of
 * dimensions, each word adding +1 or -1 to its slot, then L2-normalized. NOT semantic: texts sharing words
 * come out similar, synonyms and paraphrases do not. Enough to exercise code paths (caches, stores,
 * {@code /v1/embeddings}) offline; use a real embedding model for meaning. Stateless.
 */
final class PseudoEmbeddings {
    static final int DEFAULT_DIMENSIONS = 384;

    private PseudoEmbeddings() {}

    static float[] embed(String text, int dimensions) {
        float[] vector = new float[dimensions];
        String normalized = Text.normalize(text == null ? "" : text);
        if (normalized.isEmpty()) {
            normalized = "<empty>"; // a fixed unit vector rather than zeros, so cosine stays defined
        }
        int start = 0;
        while (start < normalized.length()) {
            int end = normalized.indexOf(' ', start);
            end = end < 0 ? normalized.length() : end;
            long h = Rng.mix(Rng.hash(normalized.subSequence(start, end)));
            vector[(int) Math.floorMod(h, (long) dimensions)] += (h >>> 63) == 0 ? 1f : -1f;
            start = end + 1;
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm == 0) {
            // every word cancelled out in one slot: fall back to the hash of the whole text
            long h = Rng.mix(Rng.hash(normalized));
            vector[(int) Math.floorMod(h, (long) dimensions)] = 1f;
            return vector;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= inverse;
        }
        return vector;
    }
}
