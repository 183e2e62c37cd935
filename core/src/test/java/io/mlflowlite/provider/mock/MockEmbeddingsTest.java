package io.mlflowlite.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.error.InvalidRequestException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockEmbeddingsTest {
    private final MockProvider provider = MockCalls.instantProvider();

    @Test
    void vectorsAreDeterministicUnitLengthAnd384Wide() {
        List<String> texts = List.of("The cat sat on the mat", "", "Quarterly revenue grew 12%");
        EmbeddingResponse first = embed(EmbeddingRequest.of("mock/embed", texts));
        EmbeddingResponse second = embed(EmbeddingRequest.of("mock/embed", texts));

        assertThat(first.vectors()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(first.vectors().get(i))
                    .hasSize(384)
                    .isEqualTo(second.vectors().get(i));
            assertThat(norm(first.vectors().get(i))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(first.provider()).isEqualTo("mock");
        assertThat(first.promptTokens()).isPositive();
    }

    @Test
    void sharedWordsMakeTextsCloserThanUnrelatedOnes() {
        List<float[]> v = embed(EmbeddingRequest.of(
                        "mock/embed",
                        List.of("the cat sat on the mat", "The cat sat on a mat!", "stock markets fell sharply today")))
                .vectors();
        assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(0.8);
        assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)) + 0.5);
    }

    @Test
    void dimensionsCanBeChosenWithinLimits() {
        EmbeddingRequest small = new EmbeddingRequest("mock/embed", List.of("hello"), 16, null, Map.of());
        assertThat(embed(small).vectors().get(0)).hasSize(16);
        EmbeddingRequest invalid = new EmbeddingRequest("mock/embed", List.of("hello"), 0, null, Map.of());
        assertThatThrownBy(() -> embed(invalid)).isInstanceOf(InvalidRequestException.class);
    }

    private EmbeddingResponse embed(EmbeddingRequest request) {
        return provider.embed(request, MockCalls.deployment("embed"), Duration.ofSeconds(5));
    }

    private static double norm(float[] v) {
        return Math.sqrt(cosineDot(v, v));
    }

    private static double cosine(float[] a, float[] b) {
        return cosineDot(a, b) / (norm(a) * norm(b));
    }

    private static double cosineDot(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
