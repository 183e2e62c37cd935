package io.mlflowlite.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.eval.JudgePrompt;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.server.GatewayServer;
import io.mlflowlite.tracing.Tracing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway server, on a real socket, serves the local models like any other: no key, no network. */
class LocalModelsServerTest {
    private final Gateway gateway = Gateway.builder()
            .env(Map.of())
            .tracing(Tracing.builder().enabled(false).build())
            .build();
    private final GatewayServer server =
            GatewayServer.builder().gateway(gateway).port(0).build().start();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void close() {
        server.stop();
        gateway.close();
    }

    @Test
    void postEmbeddingsAnswersInOpenAisShapeWithRealTokenCounts() throws Exception {
        HttpResponse<String> r = post(
                "/v1/embeddings",
                "{\"model\": \"local/all-minilm-l6-v2\", \"input\": [\"A man is playing a guitar.\", \"hello world\"]}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.read(r.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data")).hasSize(2);
        assertThat(body.at("/data/1/index").asInt()).isEqualTo(1);
        JsonNode vector = body.at("/data/0/embedding");
        assertThat(vector).hasSize(384);
        float[] expected = MiniLmEmbedder.shared().embed("A man is playing a guitar.");
        assertThat(vector.get(7).floatValue()).isEqualTo(expected[7]);
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(7 + 2);
    }

    @Test
    void getModelsListsTheLocalModels() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/v1/models"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        List<String> ids = new ArrayList<>();
        Json.read(r.body()).path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids).contains("local/all-minilm-l6-v2", "local/judge", "mock/mini");
    }

    @Test
    void chatCompletionsWithTheOfflineJudgeAnswerTheJudgeContract() throws Exception {
        String prompt = JudgePrompt.builder(JudgePrompt.RELEVANCE_TO_QUERY)
                .request("What is MLflow?")
                .response("MLflow is an open-source platform for the machine learning lifecycle.")
                .build()
                .render();
        String body = Json.object()
                .put("model", "local/judge")
                .set(
                        "messages",
                        Json.array().add(Json.object().put("role", "user").put("content", prompt)))
                .toString();

        HttpResponse<String> r = post("/v1/chat/completions", body);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = Json.read(r.body());
        assertThat(json.path("model").asText()).isEqualTo("local/judge");
        JsonNode verdict = Json.read(json.at("/choices/0/message/content").asText());
        assertThat(verdict.path("result").asText()).isEqualTo("yes");
        assertThat(verdict.path("rationale").asText()).startsWith("Offline judge (all-MiniLM-L6-v2 similarity):");
    }

    @Test
    void aPromptThatIsNotAJudgePromptIsA400() throws Exception {
        HttpResponse<String> r = post(
                "/v1/chat/completions",
                "{\"model\": \"local/judge\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.read(r.body()).at("/error/message").asText()).contains("no <judge> section");
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
