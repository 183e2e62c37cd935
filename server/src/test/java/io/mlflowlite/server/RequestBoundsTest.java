package io.mlflowlite.server;

import static io.mlflowlite.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    /** A chat request whose body is about {@code mib} MiB. */
    private static String large(String model, double mib) {
        String prompt = "x".repeat((int) (mib * 1024 * 1024));
        return "{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt
                + "\"}]}";
    }

    @Test
    void largeBodiesPastTheBudgetWaitAndAreAnswered503InTheRoutesOwnErrorFormat() throws Exception {
        try (TestServer small = TestServer.start(s -> s.largeBodiesInFlight(2L << 20, Duration.ofMillis(300)))) {
            // the first large request holds 1.5 of the 2 MiB while its upstream takes 3 s to answer
            small.upstream.enqueue(
                    MockResponse.json(200, Fixtures.text("openai/chat.json")).headersDelay(Duration.ofSeconds(3)));
            CompletableFuture<HttpResponse<String>> first =
                    CompletableFuture.supplyAsync(() -> small.post("/v1/chat/completions", large("gpt-4o-mini", 1.5)));
            assertThat(small.upstream.takeRequest(Duration.ofSeconds(30))).isNotNull();

            HttpResponse<String> busy = small.post("/v1/chat/completions", large("gpt-4o-mini", 1.5));
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("retry-after")).hasValue("1");
            assertThat(json(busy).at("/error/code").asText()).isEqualTo("server_busy");
            assertThat(json(busy).at("/error/message").asText()).contains("2 MiB of large request bodies");

            HttpResponse<String> anthropic =
                    small.post("/v1/messages", large("gpt-4o-mini", 1.5), "anthropic-version", "2023-06-01");
            assertThat(anthropic.statusCode()).isEqualTo(503);
            assertThat(json(anthropic).get("type").asText()).isEqualTo("error");
            assertThat(json(anthropic).at("/error/message").asText()).contains("large request bodies");

            assertThat(small.post(
                                    "/v1/chat/completions",
                                    "{\"model\":\"mock/mini\",\"messages\":"
                                            + "[{\"role\":\"user\",\"content\":\"hi\"}]}")
                            .statusCode())
                    .as("a small body does not wait")
                    .isEqualTo(200);
            assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

            small.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
            assertThat(small.post("/v1/chat/completions", large("gpt-4o-mini", 1.5))
                            .statusCode())
                    .as("room again once the first one finished")
                    .isEqualTo(200);
        }
    }
}
