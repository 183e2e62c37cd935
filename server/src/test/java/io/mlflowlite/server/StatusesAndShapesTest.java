package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.json.Json;
import io.mlflowlite.limits.InMemoryKeyStore;
import io.mlflowlite.limits.InMemoryUsageCounter;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.Limiter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests the server once answered with the wrong status or in the wrong API's error shape. */
class StatusesAndShapesTest {
    private static final String ADMIN = "admin-key-for-tests-0123456789";
    private final KeyService keys = KeyService.of(new InMemoryKeyStore());
    private final Limiter limiter = Limiter.of(new InMemoryUsageCounter());
    private final TestServer t = TestServer.start(s -> s.apiKeys(keys, limiter).adminKey(ADMIN));

    @AfterEach
    void close() {
        t.close();
        limiter.close();
    }

    private HttpResponse<String> createKey(String json) {
        return t.post("/admin/keys", json, "authorization", "Bearer " + ADMIN);
    }

    @Test
    void aSecondActiveKeyOfTheSameNameIs409() {
        assertThat(createKey("{\"name\":\"team-a\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> again = createKey("{\"name\":\"team-a\"}");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Json.read(again.body()).at("/error/code").asText()).isEqualTo("key_name_taken");
        assertThat(Json.read(again.body()).at("/error/message").asText()).contains("team-a");
    }

    @Test
    void aKeyNameOfTheWrongFormIs400NamingTheField() {
        HttpResponse<String> invalid = createKey("{\"name\":\"no spaces/or slashes\"}");

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(Json.read(invalid.body()).at("/error/param").asText()).isEqualTo("name");
        assertThat(Json.read(invalid.body()).at("/error/message").asText()).contains("letters, digits");
    }

    @Test
    void aWrongMethodOnTheMessagesRouteAnswersInAnthropicsErrorShape() {
        HttpResponse<String> get = t.get("/v1/messages");

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(Json.read(get.body()).path("type").asText()).isEqualTo("error");
        assertThat(Json.read(get.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(get.headers().firstValue("allow")).hasValue("POST");
    }

    @Test
    void aMaxTokensTooLargeToHoldSaysItIsOutOfRange() {
        String key =
                Json.read(createKey("{\"name\":\"big\"}").body()).path("key").asText();

        HttpResponse<String> openAi = t.post(
                "/v1/chat/completions",
                "{\"model\":\"mock/echo\",\"max_tokens\":"
                        + "1000000000000000000,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "authorization",
                "Bearer " + key);
        HttpResponse<String> anthropic = t.post(
                "/v1/messages",
                "{\"model\":\"mock/echo\",\"max_tokens\":"
                        + "1000000000000000000,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "x-api-key",
                key);

        assertThat(openAi.statusCode()).isEqualTo(400);
        assertThat(Json.read(openAi.body()).at("/error/message").asText())
                .contains("out of range")
                .doesNotContain("but got an integer");
        assertThat(anthropic.statusCode()).isEqualTo(400);
        assertThat(Json.read(anthropic.body()).at("/error/message").asText()).contains("out of range");
    }

    @Test
    void metricsNeedTheAdminKeyWhileApiKeysAreRequired() {
        assertThat(t.get("/metrics").statusCode()).isEqualTo(401);

        HttpResponse<String> scraped = t.send(HttpRequest.newBuilder(t.uri("/metrics"))
                .header("authorization", "Bearer " + ADMIN)
                .GET()
                .build());

        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("mlflowlite_http_requests_total");
    }

    @Test
    void metricsCanBeOpenedOnPurposeOrGivenAKeyOfTheirOwn() {
        try (TestServer open = TestServer.start(s -> s.apiKeys(keys, limiter).publicMetrics(true));
                TestServer own = TestServer.start(s -> s.apiKeys(keys, limiter).metricsKey("scraper-key-0123456789"))) {
            assertThat(open.get("/metrics").statusCode()).isEqualTo(200);
            assertThat(own.send(HttpRequest.newBuilder(own.uri("/metrics"))
                                    .header("authorization", "Bearer scraper-key-0123456789")
                                    .GET()
                                    .build())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(own.get("/metrics").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aLongModelLabelIsCutSoClientsCannotInflateTheScrape() {
        MetricFamily<LongAdder> family = new MetricFamily<>("m_total", "counter", "help", LongAdder::new, "model");

        family.series("x".repeat(10_000)).increment();

        assertThat(family.all().keySet())
                .singleElement()
                .asString()
                .hasSize("model=\"\"".length() + MetricFamily.MAX_LABEL_LENGTH + 1);
    }
}
