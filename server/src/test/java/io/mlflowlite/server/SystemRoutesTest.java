package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Liveness, readiness and the Prometheus exposition. */
class SystemRoutesTest {
    private final TestServer t = TestServer.start();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void healthAndReadyAnswerOkWhileServing() {
        HttpResponse<String> health = t.get("/health");
        HttpResponse<String> ready = t.get("/ready");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(ready.statusCode()).isEqualTo(200);
    }

    @Test
    void metricsCountRequestsAndRecordLatencyTokensCostAndOverhead() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));
        t.post(
                "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        t.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\"");

        HttpResponse<String> scrape = t.get("/metrics");

        assertThat(scrape.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        String chat = "route=\"/v1/chat/completions\"";
        String model = "gen_ai_request_model=\"gpt-4o-mini\",gen_ai_system=\"openai\"";
        assertThat(t.metric("mlflowlite_http_requests_total{" + chat + ",method=\"POST\",status=\"200\"}"))
                .hasValue(1.0);
        assertThat(t.metric("mlflowlite_http_requests_total{" + chat + ",method=\"POST\",status=\"400\"}"))
                .hasValue(1.0);
        assertThat(t.metric("gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name=\"chat\"," + model
                        + ",error_type=\"\"}"))
                .hasValue(1.0);
        assertThat(t.metric("gen_ai_client_token_usage_total{" + model + ",gen_ai_token_type=\"input\"}"))
                .hasValue(24.0);
        assertThat(t.metric("gen_ai_client_token_usage_total{" + model + ",gen_ai_token_type=\"output\"}"))
                .hasValue(8.0);
        assertThat(t.metric("mlflowlite_cost_usd_total{" + model + "}"))
                .hasValueSatisfying(usd -> assertThat(usd).isPositive());
        assertThat(t.metric("mlflowlite_gateway_overhead_seconds_count{" + chat + "}"))
                .hasValue(1.0);
        assertThat(t.metric("mlflowlite_gateway_overhead_seconds_bucket{" + chat + ",le=\"+Inf\"}"))
                .hasValue(1.0);
        assertThat(t.metric("mlflowlite_gateway_overhead_seconds_sum{" + chat + "}"))
                .hasValueSatisfying(seconds -> assertThat(seconds).isPositive());
        assertThat(t.metric("mlflowlite_http_requests_in_flight")).hasValue(0.0);
        assertThat(scrape.body())
                .contains("# TYPE gen_ai_client_operation_duration_seconds histogram")
                .contains("# TYPE mlflowlite_gateway_overhead_seconds histogram")
                .contains("# TYPE mlflowlite_http_requests_in_flight gauge");
    }

    @Test
    void failedUpstreamCallsAreOperationsWithAnErrorType() {
        t.upstream.enqueue(MockResponse.json(429, Fixtures.text("openai/error-429.json")));
        t.post(
                "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(
                        t.metric(
                                "gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name=\"chat\","
                                        + "gen_ai_request_model=\"gpt-4o-mini\",gen_ai_system=\"openai\",error_type=\"rate_limit_exceeded\"}"))
                .hasValue(1.0);
    }

    @Test
    void aPortAlreadyInUseFailsTheStartInsteadOfServingNothing() {
        GatewayServer second =
                GatewayServer.builder().gateway(t.gateway).port(t.server.port()).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining(":" + t.server.port());
    }
}
