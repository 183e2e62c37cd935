package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.limits.InMemoryKeyStore;
import io.mlflowlite.limits.InMemoryUsageCounter;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.KeySpec;
import io.mlflowlite.limits.Limiter;
import io.mlflowlite.routing.RoutingConfig;
import io.mlflowlite.routing.RoutingConfigLoader;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An MLflow-style {@code limit: {calls, renewal_period}} on an endpoint limits that endpoint for every caller,
 * whether or not the server requires API keys. The window is a day, so no test run straddles two windows in
 * practice.
 */
class EndpointLimitTest {
    private static RoutingConfig routing() {
        try {
            Path file = Path.of(EndpointLimitTest.class
                    .getResource("/routing/endpoint-limit.yaml")
                    .toURI());
            return RoutingConfigLoader.withEnv(Map.of()).load(file);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> chat(TestServer t, String model, String... headers) {
        return t.post(
                "/v1/chat/completions",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}",
                headers);
    }

    @Test
    void withoutKeysTheEndpointsCallsAreCountedAndTheThirdIsRefused() {
        try (TestServer t = TestServer.start(g -> g.routing(routing()), s -> {})) {
            assertThat(chat(t, "limited").statusCode()).isEqualTo(200);
            assertThat(t.post("/v1/responses", "{\"model\":\"limited\",\"input\":\"ping\"}")
                            .statusCode())
                    .isEqualTo(200);

            HttpResponse<String> third = chat(t, "limited");

            assertThat(third.statusCode()).isEqualTo(429);
            JsonNode error = TestServer.json(third).get("error");
            assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error.get("message").asText()).contains("endpoint 'limited'", "2 calls per day");
            assertThat(third.headers().firstValue("retry-after")).isPresent();
            assertThat(third.headers().firstValue("x-ratelimit-remaining-requests"))
                    .hasValue("0");
            // the limit is the endpoint's, not the server's: another endpoint and plain models still answer
            assertThat(chat(t, "open").statusCode()).isEqualTo(200);
            assertThat(chat(t, "mock/echo").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutKeysALimiterGivenToTheServerCountsTheCalls() {
        try (Limiter shared = Limiter.of(new InMemoryUsageCounter())) {
            try (TestServer first = TestServer.start(g -> g.routing(routing()), s -> s.endpointLimiter(shared));
                    TestServer second = TestServer.start(g -> g.routing(routing()), s -> s.endpointLimiter(shared))) {
                assertThat(chat(first, "limited").statusCode()).isEqualTo(200);
                assertThat(chat(second, "limited").statusCode()).isEqualTo(200);

                assertThat(chat(first, "limited").statusCode()).isEqualTo(429);
            }
        }
    }

    @Test
    void withKeysTheEndpointLimitCountsEveryKeyTogether() {
        KeyService keys = KeyService.of(new InMemoryKeyStore());
        try (Limiter limiter = Limiter.of(new InMemoryUsageCounter());
                TestServer t = TestServer.start(g -> g.routing(routing()), s -> s.apiKeys(keys, limiter))) {
            String alice = keys.create(KeySpec.builder("alice").build()).secret();
            String bob = keys.create(KeySpec.builder("bob").build()).secret();

            assertThat(chat(t, "limited", "authorization", "Bearer " + alice).statusCode())
                    .isEqualTo(200);
            assertThat(chat(t, "limited", "authorization", "Bearer " + bob).statusCode())
                    .isEqualTo(200);
            assertThat(chat(t, "limited").statusCode())
                    .as("no key: refused before counting")
                    .isEqualTo(401);

            HttpResponse<String> third = chat(t, "limited", "authorization", "Bearer " + alice);
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(TestServer.json(third).at("/error/message").asText()).contains("endpoint 'limited'");
        }
    }
}
