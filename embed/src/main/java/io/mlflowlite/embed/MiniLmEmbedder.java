package io.mlflowlite.embed;

import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.error.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sentence embeddings from the real all-MiniLM-L6-v2 model (quantized ONNX, 384 dimensions), computed in this
 * process with no key and no network: the model ships inside a Maven Central jar.
 *
 * <pre>{@code
 * MiniLmEmbedder minilm = MiniLmEmbedder.shared();
 * double s = minilm.similarity("A man is playing a guitar.", "Someone plays an instrument.");   // 0.66
 * }</pre>
 *
 * <p>Guarantees: vectors have {@link #DIMENSIONS} entries and unit length (so cosine similarity is their dot
 * product); the same text always gives exactly the same vector, whether embedded alone or in a batch; input
 * beyond 256 tokens is truncated, as sentence-transformers does for this model, while token counts cover the
 * whole text.
 *
 * <p>Thread-safe. The model loads once per JVM, on the first call that needs it (about a second; it blocks
 * that call and any concurrent one until it is ready) and stays loaded. Embedding blocks the calling thread
 * on CPU work (a few milliseconds per short sentence). A failed load is remembered and rethrown as
 * {@link ConfigurationException} on every later call.
 */
public final class MiniLmEmbedder {
    /** The model's name as the catalog lists it. */
    public static final String MODEL = "all-minilm-l6-v2";
    /** Length of every vector. */
    public static final int DIMENSIONS = MiniLmModel.DIMENSIONS;

    private static final MiniLmEmbedder SHARED = new MiniLmEmbedder();

    private final Object lock = new Object();
    private volatile MiniLmModel model;
    private volatile ConfigurationException failure;

    private MiniLmEmbedder() {}

    /** The process-wide embedder; every user shares the one loaded model. */
    public static MiniLmEmbedder shared() {
        return SHARED;
    }

    /**
     * Vectors and the tokenizer's token count of a batch of texts.
     *
     * @param vectors one unit vector per text, in input order
     * @param tokens  WordPiece tokens of all texts, without the [CLS]/[SEP] markers, untruncated
     */
    public record Embeddings(List<float[]> vectors, int tokens) {
        public Embeddings {
            vectors = List.copyOf(vectors);
        }
    }

    /** Embeds one text. */
    public float[] embed(String text) {
        return embedAll(List.of(Objects.requireNonNull(text, "text"))).vectors().get(0);
    }

    /**
     * Embeds {@code texts} one after the other on this thread (each text alone, so its vector never depends on
     * its batch); an empty list gives an empty result without loading the model.
     */
    public Embeddings embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        int tokens = 0;
        if (texts.isEmpty()) {
            return new Embeddings(vectors, 0);
        }
        MiniLmModel m = model();
        for (String text : texts) {
            try {
                MiniLmModel.Encoded e = m.embed(Objects.requireNonNull(text, "texts must not contain null"));
                vectors.add(e.vector());
                tokens += e.tokens();
            } catch (ai.onnxruntime.OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed to run all-MiniLM-L6-v2: " + e.getMessage(), e);
            }
        }
        return new Embeddings(vectors, tokens);
    }

    /** The tokenizer's count for {@code text}: WordPiece tokens without [CLS]/[SEP], untruncated. */
    public int countTokens(String text) {
        return model().countTokens(Objects.requireNonNull(text, "text"));
    }

    /** Cosine similarity of two texts' embeddings, in [-1, 1]. */
    public double similarity(String a, String b) {
        Embeddings e = embedAll(List.of(a, b));
        return cosine(e.vectors().get(0), e.vectors().get(1));
    }

    /**
     * Cosine similarity of two vectors of the same length, in [-1, 1]; 0 when either is all zeros.
     *
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double cosine(float[] a, float[] b) {
        return EmbeddingResponse.cosine(a, b);
    }

    /** Loads the model now rather than on the first call (a server's start-up, for instance). Blocks. */
    public MiniLmEmbedder warmUp() {
        model();
        return this;
    }

    private MiniLmModel model() {
        MiniLmModel loaded = model;
        if (loaded != null) {
            return loaded;
        }
        synchronized (lock) {
            if (model == null && failure == null) {
                try {
                    model = MiniLmModel.load();
                } catch (Exception | LinkageError e) {
                    // LinkageError: ONNX Runtime or the tokenizer could not load its native library
                    failure = new ConfigurationException("Cannot load the local all-MiniLM-L6-v2 model: " + e, e);
                }
            }
            if (failure != null) {
                throw new ConfigurationException(failure.getMessage(), failure);
            }
            return model;
        }
    }
}
