package io.mlflowlite.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlflowlite.Mlflowlite;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.UnknownModelException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.ModelInfo;
import io.mlflowlite.tracing.Tracing;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With this module on the classpath, every gateway serves local/* with no key and no configuration. */
class LocalModelsGatewayTest {
    private final Gateway gateway = Gateway.builder()
            .env(Map.of())
            .tracing(Tracing.builder().enabled(false).build())
            .build();

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void embeddingsComeFromTheRealModelWithTokenizerCountsAndNoCost() {
        List<String> texts =
                List.of("A man is playing a guitar.", "Someone plays an instrument.", "The stock market fell today.");

        EmbeddingResponse r = gateway.embedding(EmbeddingRequest.of("local/all-minilm-l6-v2", texts));

        assertThat(r.model()).isEqualTo("local/all-minilm-l6-v2");
        assertThat(r.provider()).isEqualTo("local");
        assertThat(r.vectors()).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(384));
        assertThat(r.vectors().get(0)).containsExactly(MiniLmEmbedder.shared().embed(texts.get(0)));
        assertThat(MiniLmEmbedder.cosine(r.vectors().get(0), r.vectors().get(1)))
                .isGreaterThan(
                        MiniLmEmbedder.cosine(r.vectors().get(0), r.vectors().get(2)));
        int tokens =
                texts.stream().mapToInt(MiniLmEmbedder.shared()::countTokens).sum();
        assertThat(r.promptTokens()).isEqualTo(tokens).isEqualTo(7 + 5 + 6);
        assertThat(r.cost().total()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(r.cost().provenance()).hasValueSatisfying(p -> {
            assertThat(p.entry()).isEqualTo("local/all-minilm-l6-v2");
            assertThat(p.source()).isEqualTo("local");
        });
    }

    @Test
    void theStaticFacadeEmbedsLocallyToo() {
        EmbeddingResponse r = Mlflowlite.embedding("local/all-minilm-l6-v2", List.of("offline"));

        assertThat(r.vectors().get(0)).hasSize(384);
        assertThat(norm(r.vectors().get(0))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void modelsListsTheLocalModelsAsAvailableOffline() {
        List<ModelInfo> local = gateway.models().stream()
                .filter(m -> m.provider().equals("local"))
                .toList();

        assertThat(local).extracting(ModelInfo::name).containsExactly("local/all-minilm-l6-v2", "local/judge");
        assertThat(local).extracting(ModelInfo::kind).containsExactly("embedding", "chat");
        assertThat(local)
                .allSatisfy(m -> assertThat(m.reason()).isEqualTo("in-process, offline"))
                .allSatisfy(m -> assertThat(m.available()).isTrue());
        assertThat(local.get(1).note()).contains("offline judge");
        assertThat(gateway.resolve("local/judge").wire()).isEqualTo("local");
    }

    @Test
    void wrongUsesOfTheLocalModelsAreRequestErrors() {
        assertThatThrownBy(() -> gateway.embedding(
                        new EmbeddingRequest("local/all-minilm-l6-v2", List.of("x"), 1536, null, Map.of())))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("384 dimensions");
        assertThatThrownBy(() -> gateway.embedding(EmbeddingRequest.of("local/judge", List.of("x"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("local/judge is a chat model");
        assertThatThrownBy(() -> gateway.embedding(EmbeddingRequest.of("local/all-minilm-l12-v2", List.of("x"))))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("local/all-minilm-l6-v2");
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
