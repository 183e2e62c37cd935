package io.mlflowlite.server;

import static io.mlflowlite.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Collections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a client's request can make the server hold or compute is bounded, and hitting a bound is a clear 400. */
class RequestBoundsTest {
    private static TestServer t;

    @BeforeAll
    static void start() {
        t = TestServer.start();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String inputs(int count) {
        return "{\"model\":\"mock/echo\",\"input\":[" + String.join(",", Collections.nCopies(count, "\"a\"")) + "]}";
    }

    @Test
    void embeddingsOfMoreInputsThanTheLimitAre400NamingTheLimit() {
        HttpResponse<String> response = t.post("/v1/embeddings", inputs(EmbeddingsRoute.MAX_INPUTS + 1));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/param").asText()).isEqualTo("input");
        assertThat(json(response).at("/error/message").asText())
                .contains(String.valueOf(EmbeddingsRoute.MAX_INPUTS))
                .contains("batches");
    }

    @Test
    void embeddingsOfExactlyTheLimitAreServed() {
        HttpResponse<String> response = t.post("/v1/embeddings", inputs(EmbeddingsRoute.MAX_INPUTS));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("data")).hasSize(EmbeddingsRoute.MAX_INPUTS);
    }

    @Test
    void aPromptLongerThanASimulatedModelTakesIs400NotMinutesOfCpu() {
        String prompt = "x".repeat(2 * 1024 * 1024);
        HttpResponse<String> response = t.post(
                "/v1/chat/completions",
                "{\"model\":\"mock/mini\",\"messages\":" + "[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/param").asText()).isEqualTo("messages");
    }
}
