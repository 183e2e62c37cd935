package io.mlflowlite.embed;

import java.util.ArrayList;
import java.util.List;

/** Cosine similarities between texts, embedding each group of texts in one batch. */
final class Similarity {
    private final MiniLmEmbedder embedder;

    Similarity(MiniLmEmbedder embedder) {
        this.embedder = embedder;
    }

    /** Similarity of {@code a} and {@code b}. */
    double of(String a, String b) {
        return matrix(List.of(a), List.of(b))[0][0];
    }

    /** {@code [i][j]} = similarity of {@code rows[i]} and {@code columns[j]}. */
    double[][] matrix(List<String> rows, List<String> columns) {
        List<String> all = new ArrayList<>(rows);
        all.addAll(columns);
        List<float[]> v = embedder.embedAll(all).vectors();
        double[][] out = new double[rows.size()][columns.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < columns.size(); j++) {
                out[i][j] = MiniLmEmbedder.cosine(v.get(i), v.get(rows.size() + j));
            }
        }
        return out;
    }

    /** Token count of {@code text} by the model's tokenizer. */
    int tokens(String text) {
        return embedder.countTokens(text);
    }
}
