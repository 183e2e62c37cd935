package io.mlflowlite.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsTest {
    private static final float[] PARIS = {0.5718343f, -0.2905131f, 0.6409836f, -0.4223917f};
    private static final float[] LONDON = {-0.1307761f, 0.7802146f, 0.2279855f, 0.5683126f};

    private MockLlmServer upstream;
    private final OpenAiProvider provider = Calls.provider();

    @BeforeEach
    void start() {
        upstream = MockLlmServer.start();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void postsInputsAndReturnsVectorsWithUsage() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/embeddings.json")));
        EmbeddingRequest request =
                new EmbeddingRequest("text-embedding-3-small", List.of("Paris", "London"), 4, "user-7", Map.of());

        EmbeddingResponse response =
                provider.embed(request, Calls.openai(upstream, "text-embedding-3-small"), Calls.TIMEOUT);

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/embeddings");
        assertThat(sent.header("Authorization")).hasValue("Bearer " + Calls.KEY);
        JsonNode body = sent.jsonBody();
        assertThat(body.get("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(body.get("input")).hasSize(2);
        assertThat(body.at("/input/0").asText()).isEqualTo("Paris");
        assertThat(body.at("/input/1").asText()).isEqualTo("London");
        assertThat(body.get("dimensions").asInt()).isEqualTo(4);
        assertThat(body.get("user").asText()).isEqualTo("user-7");

        assertThat(response.model()).isEqualTo("text-embedding-3-small");
        assertThat(response.provider()).isEqualTo("openai");
        assertThat(response.promptTokens()).isEqualTo(9);
        assertThat(response.vectors()).containsExactly(PARIS, LONDON);
    }

    @Test
    void ordersVectorsByIndexNotByListPosition() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/embeddings-out-of-order.json")));

        EmbeddingResponse response = provider.embed(
                EmbeddingRequest.of("nomic-embed-text", List.of("Paris", "London")),
                Calls.deployment(upstream, "ollama", "nomic-embed-text", null),
                Calls.TIMEOUT);

        assertThat(response.vectors()).containsExactly(PARIS, LONDON);
        assertThat(upstream.takeRequest().header("Authorization")).isEmpty();
    }

    @Test
    void fewerVectorsThanInputsIsMalformed() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/embeddings.json")));

        assertThatThrownBy(() -> provider.embed(
                        EmbeddingRequest.of("text-embedding-3-small", List.of("Paris", "London", "Rome")),
                        Calls.openai(upstream, "text-embedding-3-small"),
                        Calls.TIMEOUT))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("2 embeddings for 3 inputs");
    }

    @Test
    void mistralNamesDimensionsOutputDimensionAndTakesNoUser() {
        upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/embeddings.json")));

        provider.embed(
                new EmbeddingRequest("codestral-embed", List.of("Paris", "London"), 4, "user-7", Map.of()),
                Calls.deployment(upstream, "mistral", "codestral-embed", Calls.KEY),
                Calls.TIMEOUT);

        JsonNode body = upstream.takeRequest().jsonBody();
        assertThat(body.get("output_dimension").asInt()).isEqualTo(4);
        assertThat(body.has("dimensions")).isFalse();
        assertThat(body.has("user")).isFalse();
    }
}
