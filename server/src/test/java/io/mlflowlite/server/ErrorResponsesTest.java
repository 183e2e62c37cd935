package io.mlflowlite.server;

import static io.mlflowlite.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every failure is OpenAI's error JSON with the status a client acts on; raw HTTP, so nothing is smoothed over. */
class ErrorResponsesTest {
    private static final String HELLO =
            "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final TestServer t = TestServer.start(s -> s.maxBodySize(1024));

    @AfterEach
    void close() {
        t.close();
    }

    private static JsonNode error(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode error = json(response).get("error");
        assertThat(error).isNotNull();
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code"))
                .isTrue();
        return error;
    }

    @Test
    void malformedJsonIs400SayingWhereItBroke() {
        HttpResponse<String> response = t.post("/v1/chat/completions", "{\"model\": \"mock/echo\",\n \"messages\": [}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = error(response);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).startsWith("The request body is not valid JSON at line 2, column");
    }

    @Test
    void trailingGarbageAfterTheObjectIsMalformedToo() {
        HttpResponse<String> response = t.post("/v1/chat/completions", HELLO + " {}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).get("message").asText()).contains("not valid JSON");
    }

    @Test
    void aJsonValueThatIsNotAnObjectIs400() {
        HttpResponse<String> response = t.post("/v1/chat/completions", "[1, 2]");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).get("message").asText()).contains("must be a JSON object, not array");
    }

    @Test
    void wrongTypeIs400NamingTheParameterPath() {
        HttpResponse<String> response = t.post(
                "/v1/chat/completions",
                "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":42}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).get("param").asText()).isEqualTo("messages[1].role");
    }

    @Test
    void bodyOverTheLimitIs413BeforeItIsRead() {
        String big =
                "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(2000) + "\"}]}";

        HttpResponse<String> response = t.post("/v1/chat/completions", big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response).get("code").asText()).isEqualTo("request_too_large");
        assertThat(error(response).get("message").asText()).contains("limit of 1024 bytes");
    }

    @Test
    void chunkedBodyOverTheLimitIs413Too() {
        byte[] big = ("{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(2000)
                        + "\"}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // a publisher of unknown length makes the JDK client send Transfer-Encoding: chunked
        HttpRequest request = HttpRequest.newBuilder(t.uri("/v1/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();

        HttpResponse<String> response = t.send(request);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response).get("message").asText()).contains("more than 1024 bytes");
    }

    @Test
    void wrongContentTypeIs415() {
        HttpResponse<String> response = t.send(HttpRequest.newBuilder(t.uri("/v1/chat/completions"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO))
                .build());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("connection"))
                .as("a body left unread is not drained")
                .hasValue("close");
        assertThat(error(response).get("code").asText()).isEqualTo("unsupported_media_type");
    }

    @Test
    void unknownRouteIs404InOpenAiShape() {
        HttpResponse<String> response = t.get("/v1/assistants");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).get("message").asText()).contains("GET /v1/assistants");
    }

    @Test
    void unknownRouteNamesEveryApiTheGatewayServes() {
        HttpResponse<String> response = t.get("/v2/chat");

        assertThat(error(response).get("message").asText())
                .contains(
                        "POST /v1/chat/completions",
                        "POST /v1/responses",
                        "POST /v1/messages",
                        "GET /v1/models",
                        "/endpoints/{name}/invocations");
    }

    @Test
    void wrongMethodOnAKnownRouteIs405WithAllow() {
        HttpResponse<String> response = t.get("/v1/chat/completions");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("POST");
        assertThat(error(response).get("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void upstreamConnectionFailureIs502() {
        t.upstream.enqueue(MockResponse.fault(Fault.RESET));

        HttpResponse<String> response = t.post("/v1/chat/completions", HELLO.replace("mock/echo", "gpt-4o-mini"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(error(response).get("code").asText()).isEqualTo("upstream_connection_error");
    }

    @Test
    void upstreamBadRequestKeepsItsStatusTypeAndCode() {
        t.upstream.enqueue(MockResponse.json(400, Fixtures.text("openai/error-400.json")));

        HttpResponse<String> response = t.post("/v1/chat/completions", HELLO.replace("mock/echo", "gpt-4o-mini"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).get("code").asText()).isEqualTo("unsupported_parameter");
        assertThat(error(response).get("message").asText()).contains("max_completion_tokens");
    }

    @Test
    void upstreamRefusingTheGatewaysKeyIs502NotTheClientsFault() {
        t.upstream.enqueue(
                MockResponse.json(
                        401,
                        "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));

        HttpResponse<String> response = t.post("/v1/chat/completions", HELLO.replace("mock/echo", "gpt-4o-mini"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(error(response).get("code").asText()).isEqualTo("upstream_authentication_failed");
    }

    @Test
    void upstreamTimeoutIs504() {
        try (TestServer slow = TestServer.start(g -> g.timeout(java.time.Duration.ofMillis(200)), s -> {})) {
            slow.upstream.enqueue(MockResponse.fault(Fault.STALL));

            HttpResponse<String> response =
                    slow.post("/v1/chat/completions", HELLO.replace("mock/echo", "gpt-4o-mini"));

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(error(response).get("type").asText()).isEqualTo("timeout_error");
        }
    }

    @Test
    void providerWithoutItsKeyIs503NamingTheVariable() {
        HttpResponse<String> response = t.post("/v1/chat/completions", HELLO.replace("mock/echo", "claude-sonnet-4-5"));

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode error = error(response);
        assertThat(error.get("code").asText()).isEqualTo("provider_not_configured");
        assertThat(error.get("message").asText()).contains("ANTHROPIC_API_KEY");
    }

    @Test
    void unexpectedFailureIs500WithoutInternalsButWithTheRequestId() {
        try (TestServer broken = TestServer.start(s -> s.route(Route.api("GET", "/v1/broken", (exchange, scope) -> {
            throw new IllegalStateException("secret internal detail at com.example.Foo");
        })))) {
            HttpResponse<String> response = broken.get("/v1/broken");

            assertThat(response.statusCode()).isEqualTo(500);
            String requestId = response.headers().firstValue("x-request-id").orElseThrow();
            assertThat(response.body())
                    .doesNotContain("secret")
                    .doesNotContain("IllegalStateException")
                    .doesNotContain("at com.");
            assertThat(error(response).get("message").asText()).contains(requestId);
        }
    }

    @Test
    void errorsCarryTheRequestIdTheClientSent() {
        HttpResponse<String> response = t.post("/v1/chat/completions", "{", "x-request-id", "client-req-123");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-request-id")).hasValue("client-req-123");
    }

    @Test
    void embeddingsWithTokenArraysAre400() {
        HttpResponse<String> response = t.post("/v1/embeddings", "{\"model\":\"mock/echo\",\"input\":[[1,2,3]]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).get("param").asText()).isEqualTo("input[0]");
    }

    @Test
    void admissionRefusalIsItsOwnAnswerAndNoProviderIsCalled() {
        Admission keys = request -> {
            if (!request.header("authorization").orElse("").equals("Bearer good")) {
                throw new ApiException(
                        ApiError.of(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided."));
            }
            return new Admission.Ticket() {
                @Override
                public Map<String, String> responseHeaders() {
                    return Map.of("x-ratelimit-remaining-requests", "41");
                }
            };
        };
        try (TestServer guarded = TestServer.start(s -> s.admission(keys))) {
            HttpResponse<String> refused = guarded.post("/v1/chat/completions", HELLO, "authorization", "Bearer bad");
            HttpResponse<String> admitted = guarded.post("/v1/chat/completions", HELLO, "authorization", "Bearer good");

            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(error(refused).get("code").asText()).isEqualTo("invalid_api_key");
            assertThat(admitted.statusCode()).isEqualTo(200);
            assertThat(admitted.headers().firstValue("x-ratelimit-remaining-requests"))
                    .hasValue("41");
        }
    }
}
