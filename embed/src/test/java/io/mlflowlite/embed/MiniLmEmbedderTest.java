package io.mlflowlite.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The real all-MiniLM-L6-v2 model, loaded from the Maven jar and run offline. */
class MiniLmEmbedderTest {
    private final MiniLmEmbedder minilm = MiniLmEmbedder.shared();

    @Test
    void relatedSentencesAreCloserThanUnrelatedOnes() {
        String guitar = "A man is playing a guitar.";

        double related = minilm.similarity(guitar, "Someone plays an instrument.");
        double unrelated = minilm.similarity(guitar, "The stock market fell today.");

        assertThat(related).isGreaterThan(0.5);
        assertThat(unrelated).isLessThan(0.1);
        assertThat(minilm.similarity(
                        "How do I reset my password?",
                        "Click 'Forgot password' on the login page and follow the link we email you."))
                .isGreaterThan(minilm.similarity(
                        "How do I reset my password?", "Our office is open Monday to Friday from 9 to 5."));
        assertThat(minilm.similarity("The capital of France is Paris.", "Paris is the capital of France."))
                .isGreaterThan(minilm.similarity("The capital of France is Paris.", "Bananas are rich in potassium."));
    }

    @Test
    void vectorsHave384UnitLengthDimensionsAndAreDeterministic() {
        float[] first = minilm.embed("Determinism is a feature.");
        float[] again = minilm.embed("Determinism is a feature.");

        assertThat(first).hasSize(MiniLmEmbedder.DIMENSIONS).hasSize(384);
        assertThat(norm(first)).isCloseTo(1.0, within(1e-5));
        assertThat(again).containsExactly(first);
    }

    @Test
    void aBatchGivesEachTextTheVectorItGetsAlone() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // texts of very different lengths
            texts.add(
                    i % 3 == 0
                            ? "Short " + i
                            : "A considerably longer sentence number " + i
                                    + " about evaluating language models offline with sentence embeddings and cosine similarity.");
        }

        List<float[]> batch = minilm.embedAll(texts).vectors();

        assertThat(batch).hasSize(40);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batch.get(i)).containsExactly(minilm.embed(texts.get(i)));
        }
    }

    @Test
    void matchesLangchain4jsReferenceEncodingOfTheSameModel() {
        AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
        for (String text : List.of("A man is playing a guitar.", "Évaluation hors ligne, naïve café!", "x")) {
            float[] ours = minilm.embed(text);
            float[] theirs = reference.embed(text).content().vector();
            assertThat(MiniLmEmbedder.cosine(ours, theirs)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void tokenCountsAreTheTokenizersWithoutSpecialTokensAndCoverLongTexts() {
        assertThat(minilm.countTokens("hello world")).isEqualTo(2);
        assertThat(minilm.countTokens("")).isZero();
        assertThat(minilm.embedAll(List.of("hello world", "unbelievably")).tokens())
                .isEqualTo(2 + minilm.countTokens("unbelievably"));
        String longText = String.join(" ", Collections.nCopies(400, "word"));

        MiniLmEmbedder.Embeddings e = minilm.embedAll(List.of(longText));

        assertThat(e.tokens()).isEqualTo(400); // counted whole, though the model reads the first 256
        assertThat(norm(e.vectors().get(0))).isCloseTo(1.0, within(1e-5));
        assertThat(e.vectors().get(0))
                .containsExactly(minilm.embed(String.join(" ", Collections.nCopies(300, "word"))));
    }

    @Test
    void concurrentCallersShareOneModelAndGetTheSameVectors() throws Exception {
        float[] expected = minilm.embed("Threads share the model.");
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> minilm.embed("Threads share the model.")));
            }
            for (Future<float[]> result : results) {
                assertThat(result.get()).containsExactly(expected);
            }
        }
    }

    @Test
    void cosineOfVectorsIsTheirNormalizedDotProduct() {
        assertThat(MiniLmEmbedder.cosine(new float[] {1, 0}, new float[] {0, 2}))
                .isZero();
        assertThat(MiniLmEmbedder.cosine(new float[] {3, 4}, new float[] {6, 8}))
                .isCloseTo(1.0, within(1e-12));
        assertThat(MiniLmEmbedder.cosine(new float[] {1, 0}, new float[] {-1, 0}))
                .isCloseTo(-1.0, within(1e-12));
        assertThat(MiniLmEmbedder.cosine(new float[] {0, 0}, new float[] {1, 0}))
                .isZero();
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
