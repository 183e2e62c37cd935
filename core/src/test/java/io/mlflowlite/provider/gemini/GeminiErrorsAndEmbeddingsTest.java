package io.mlflowlite.provider.gemini;

import static io.mlflowlite.provider.gemini.GeminiFixtures.API_KEY;
import static io.mlflowlite.provider.gemini.GeminiFixtures.GEMINI;
import static io.mlflowlite.provider.gemini.GeminiFixtures.body;
import static io.mlflowlite.provider.gemini.GeminiFixtures.call;
import static io.mlflowlite.provider.gemini.GeminiFixtures.deployment;
import static io.mlflowlite.provider.gemini.GeminiFixtures.json;
import static io.mlflowlite.provider.gemini.GeminiFixtures.text;
import static io.mlflowlite.provider.gemini.GeminiFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiErrorsAndEmbeddingsTest {
    private static final ChatRequest REQUEST = ChatRequest.of("gemini/gemini-2.5-flash", "hi");

    private MockLlmServer upstream;
    private Deployment deployment;

    @BeforeEach
    void start() {
        upstream = MockLlmServer.start();
        deployment = deployment(upstream, "gemini-2.5-flash");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void a429IsRateLimitedWaitingForTheRetryInfoDelay() {
        upstream.enqueue(MockResponse.json(429, text("error-429.json")));

        assertThatThrownBy(() -> GEMINI.chat(call(REQUEST, deployment)))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.type()).contains("RESOURCE_EXHAUSTED");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.providerMessage()).startsWith("You exceeded your current quota");
                    assertThat(e.getMessage()).doesNotContain(API_KEY);
                });
    }

    @ParameterizedTest
    @CsvSource({"1.5s,1500", "29.083414095s,29083", "0s,0"})
    void fractionalRetryDelaysAreRead(String retryDelay, long millis) {
        ObjectNode body = tree("error-429.json");
        ((ObjectNode) body.at("/error/details/2")).put("retryDelay", retryDelay);
        upstream.enqueue(MockResponse.json(429, body.toString()));

        assertThatThrownBy(() -> GEMINI.chat(call(REQUEST, deployment)))
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfter().orElseThrow().toMillis()).isEqualTo(millis));
    }

    @Test
    void aRetryAfterHeaderWinsOverRetryInfo() {
        upstream.enqueue(MockResponse.json(429, text("error-429.json")).header("Retry-After", "3"));

        assertThatThrownBy(() -> GEMINI.chat(call(REQUEST, deployment)))
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
    }

    @Test
    void a400IsANonRetryableProviderErrorTypedByItsStatus() {
        upstream.enqueue(MockResponse.json(400, text("error-400.json")));

        assertThatThrownBy(() -> GEMINI.chat(call(REQUEST, deployment)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e).isNotInstanceOf(RateLimitedException.class);
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).contains("INVALID_ARGUMENT");
                    assertThat(e.code()).contains("400");
                    assertThat(e.providerMessage()).contains("Unknown name \"max_tokens\"");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void anAnswerWithNeitherCandidatesNorBlockReasonIsMalformed() {
        upstream.enqueue(MockResponse.json(200, "{\"usageMetadata\": {\"promptTokenCount\": 3}}"));

        assertThatThrownBy(() -> GEMINI.chat(call(REQUEST, deployment))).isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void embeddingsBatchEveryInputAndReturnVectorsInOrder() {
        Deployment embedder = deployment(upstream, "gemini-embedding-001");
        upstream.enqueue(MockResponse.json(200, text("embed.json")));

        EmbeddingResponse response = GEMINI.embed(
                new EmbeddingRequest(
                        "gemini/gemini-embedding-001", List.of("first text", "second text"), 8, null, Map.of()),
                embedder,
                Duration.ofSeconds(10));

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.target()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(sent.header("x-goog-api-key")).contains(API_KEY);
        assertThat(body(sent)).isEqualTo(json("""
                {"requests": [
                  {"model": "models/gemini-embedding-001", "content": {"parts": [{"text": "first text"}]},
                   "outputDimensionality": 8},
                  {"model": "models/gemini-embedding-001", "content": {"parts": [{"text": "second text"}]},
                   "outputDimensionality": 8}]}"""));
        assertThat(response.vectors()).hasSize(2);
        assertThat(response.vectors().get(0))
                .containsExactly(
                        -0.021984272f,
                        0.0086231595f,
                        0.011435806f,
                        -0.076325566f,
                        0.0031559896f,
                        0.019120153f,
                        -0.004428349f,
                        0.052301597f);
        assertThat(response.vectors().get(1)[0]).isEqualTo(0.0043183006f);
        assertThat(response.model()).isEqualTo("gemini-embedding-001");
        assertThat(response.provider()).isEqualTo("gemini");
        assertThat(response.promptTokens()).isZero();
    }

    @Test
    void fewerEmbeddingsThanInputsIsMalformed() {
        upstream.enqueue(MockResponse.json(200, text("embed.json")));

        assertThatThrownBy(() -> GEMINI.embed(
                        EmbeddingRequest.of("m", List.of("a", "b", "c")), deployment, Duration.ofSeconds(10)))
                .isInstanceOf(MalformedResponseException.class);
    }
}
