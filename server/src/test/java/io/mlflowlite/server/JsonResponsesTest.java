package io.mlflowlite.server;

import static io.mlflowlite.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a successful JSON answer carries besides its body: the gateway's headers, OpenAI's exact shapes. */
class JsonResponsesTest {
    private final TestServer t = TestServer.start();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void aCompletionCarriesTraceCostLatencyProviderAndRequestIdHeaders() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));

        HttpResponse<String> response = t.post(
                "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("connection"))
                .as("the body was read: keep the connection")
                .isNotEqualTo(java.util.Optional.of("close"));
        assertThat(response.headers().firstValue("x-request-id"))
                .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(response.headers().firstValue("x-mlflowlite-provider")).hasValue("openai");
        assertThat(response.headers().firstValue("x-mlflowlite-latency-ms"))
                .hasValueSatisfying(ms -> assertThat(Long.parseLong(ms)).isNotNegative());
        assertThat(response.headers().firstValue("x-mlflowlite-cost-usd"))
                .hasValueSatisfying(usd -> assertThat(new BigDecimal(usd)).isPositive());
        String traceId = response.headers().firstValue("x-mlflowlite-trace-id").orElseThrow();
        assertThat(t.storedTrace(traceId)
                        .root()
                        .orElseThrow()
                        .outputs()
                        .at("/choices/0/message/content")
                        .asText())
                .isEqualTo(json(response).at("/choices/0/message/content").asText());
    }

    @Test
    void aSimulatedModelNeedsNoUpstream() {
        HttpResponse<String> response = t.post(
                "/v1/chat/completions",
                "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"say this back\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).contains("say this back");
        assertThat(response.headers().firstValue("x-mlflowlite-provider")).hasValue("mock");
        assertThat(t.upstream.requestCount()).isZero();
    }

    @Test
    void embeddingsInBase64AreTheLittleEndianFloatsOfTheFloatForm() {
        String request = "{\"model\":\"mock/echo\",\"input\":\"the same text\",\"dimensions\":8";

        JsonNode floats = json(t.post("/v1/embeddings", request + "}"));
        JsonNode encoded = json(t.post("/v1/embeddings", request + ",\"encoding_format\":\"base64\"}"));

        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(encoded.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(8 * Float.BYTES);
        for (int i = 0; i < 8; i++) {
            assertThat(bytes.getFloat())
                    .isEqualTo(floats.at("/data/0/embedding/" + i).floatValue());
        }
        assertThat(floats.get("object").asText()).isEqualTo("list");
        assertThat(floats.at("/data/0/object").asText()).isEqualTo("embedding");
        assertThat(floats.at("/usage/prompt_tokens").asInt())
                .isEqualTo(floats.at("/usage/total_tokens").asInt())
                .isPositive();
    }

    @Test
    void modelsAreOpenAisListShape() {
        JsonNode body = json(t.get("/v1/models"));

        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("data")).isNotEmpty().allSatisfy(model -> {
            assertThat(model.get("object").asText()).isEqualTo("model");
            assertThat(model.get("id").asText()).isNotBlank();
            assertThat(model.get("created").canConvertToLong()).isTrue();
            assertThat(model.get("owned_by").asText()).isNotBlank();
        });
    }
}
