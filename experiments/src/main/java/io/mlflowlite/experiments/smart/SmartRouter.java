package io.mlflowlite.experiments.smart;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks a tier of a {@link RoutingTable} for each request: measures its {@link RequestFeatures} (and, when the
 * table was trained with embeddings, embeds its text), asks the classifier for the probability {@code P(l)} of each
 * tier label, computes each tier's expected quality {@code q(t) = Σ_l P(l)·quality[l][t]}, and chooses the cheapest
 * tier whose {@code q(t)} is within the threshold δ of the best tier's. Thread-safe; no I/O unless the embedder
 * does some (the in-process MiniLM does none).
 */
public final class SmartRouter {
    private final RoutingTable table;
    private final Optional<Embedder> embedder;

    private SmartRouter(RoutingTable table, Optional<Embedder> embedder) {
        this.table = table;
        this.embedder = embedder;
    }

    /**
     * A router over {@code table}, which must not need embeddings.
     *
     * @throws IllegalArgumentException when the table was trained with embeddings
     */
    public static SmartRouter of(RoutingTable table) {
        Objects.requireNonNull(table, "table");
        table.embeddingModel().ifPresent(m -> {
            throw new IllegalArgumentException("This routing table was trained on " + m
                    + " embeddings: give SmartRouter.of(table, embedder) an embedder for that model, or calibrate "
                    + "without one");
        });
        return new SmartRouter(table, Optional.empty());
    }

    /**
     * A router over {@code table} whose classifier reads {@code embedder}'s vectors after the features.
     *
     * @throws IllegalArgumentException when the table was trained without embeddings or on another model
     */
    public static SmartRouter of(RoutingTable table, Embedder embedder) {
        Objects.requireNonNull(embedder, "embedder");
        String wanted = table.embeddingModel()
                .orElseThrow(() -> new IllegalArgumentException(
                        "This routing table was trained without embeddings: use SmartRouter.of(table)"));
        if (!wanted.equals(embedder.model())) {
            throw new IllegalArgumentException("This routing table was trained on " + wanted + " embeddings, the "
                    + "embedder gives " + embedder.model());
        }
        return new SmartRouter(table, Optional.of(embedder));
    }

    /** The embedder, when the table uses embeddings. */
    public Optional<Embedder> embedder() {
        return embedder;
    }

    /** The table this router uses. */
    public RoutingTable table() {
        return table;
    }

    /**
     * What the router chose for one request.
     *
     * @param tier            index into {@link RoutingTable#tiers()}
     * @param features        the request's features
     * @param probabilities   the classifier's probability of each tier label
     * @param expectedQuality each tier's expected quality
     */
    public record Choice(int tier, RequestFeatures features, double[] probabilities, double[] expectedQuality) {}

    /** The tier for {@code request}. */
    public Choice choose(ChatRequest request) {
        RequestFeatures features = RequestAnalyzer.analyze(request);
        return choose(features, embedder.map(e -> e.embed(text(request))).orElse(null), table.threshold());
    }

    /**
     * The tier for a request with {@code features} and (when the table uses embeddings) {@code embedding}, at
     * threshold {@code threshold}.
     */
    public Choice choose(RequestFeatures features, float[] embedding, double threshold) {
        double[] p = table.classifier().probabilities(input(features, embedding));
        return choose(table, features, p, threshold);
    }

    static Choice choose(RoutingTable table, RequestFeatures features, double[] p, double threshold) {
        double[][] quality = table.quality();
        int k = table.tiers().size();
        double[] q = new double[k];
        double best = 0;
        for (int t = 0; t < k; t++) {
            for (int l = 0; l < k; l++) {
                q[t] += p[l] * quality[l][t];
            }
            best = Math.max(best, q[t]);
        }
        int chosen = k - 1;
        for (int t = 0; t < k; t++) {
            if (q[t] >= best - threshold - 1e-12) {
                chosen = t;
                break;
            }
        }
        return new Choice(chosen, features, p, q);
    }

    /** The classifier's input: the features, followed by the embedding when there is one. */
    static double[] input(RequestFeatures features, float[] embedding) {
        double[] f = features.vector();
        if (embedding == null) {
            return f;
        }
        double[] x = java.util.Arrays.copyOf(f, f.length + embedding.length);
        for (int i = 0; i < embedding.length; i++) {
            x[f.length + i] = embedding[i];
        }
        return x;
    }

    /** The text a request is embedded by: its last user message. */
    public static String text(ChatRequest request) {
        String text = "";
        for (Message m : request.messages()) {
            if (m.role() == Role.USER && m.text() != null) {
                text = m.text();
            }
        }
        return text;
    }
}
