package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.mlflowlite.json.Json;
import io.mlflowlite.limits.InMemoryKeyStore;
import io.mlflowlite.limits.InMemoryUsageCounter;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.Limiter;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Virtual keys at the door, created through the admin API; limits and budgets enforced with OpenAI's headers. */
class ApiKeysTest {
    private static final String ADMIN = "admin-key-for-tests-0123456789";
    private final KeyService keys = KeyService.of(new InMemoryKeyStore());
    private final Limiter limiter = Limiter.of(new InMemoryUsageCounter());
    private final TestServer t = TestServer.start(s -> s.apiKeys(keys, limiter).adminKey(ADMIN));

    @AfterEach
    void close() {
        t.close();
        limiter.close();
    }

    private String createKey(String json) {
        HttpResponse<String> created = t.post("/admin/keys", json, "authorization", "Bearer " + ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.read(created.body()).path("key").asText();
    }

    private HttpResponse<String> chat(String key, String model) {
        return t.post(
                "/v1/chat/completions",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}",
                "authorization",
                "Bearer " + key);
    }

    @Test
    void requestsWithoutAValidKeyAreRefusedInTheClientsOwnErrorShape() {
        HttpResponse<String> none = t.post(
                "/v1/chat/completions",
                "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(Json.read(none.body()).at("/error/code").asText()).isEqualTo("missing_api_key");

        HttpResponse<String> wrong = chat("mlk-not-a-real-key-at-all", "mock/echo");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("not-a-real-key-at-all");

        HttpResponse<String> anthropic = t.post(
                "/v1/messages",
                "{\"model\":\"mock/echo\",\"max_tokens\":5," + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(anthropic.statusCode()).isEqualTo(401);
        assertThat(Json.read(anthropic.body()).at("/error/type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void rpmLimitsCountEveryRequestAndCarryOpenAisRateLimitHeaders() {
        String key = createKey("{\"name\":\"team-a\",\"rpm\":2}");

        HttpResponse<String> first = chat(key, "mock/echo");
        HttpResponse<String> second = chat(key, "mock/echo");
        HttpResponse<String> third = chat(key, "mock/echo");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
        assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("retry-after")).isPresent();
        assertThat(third.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(Json.read(third.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void aTpmLimitCountsTheRequestsTokensBeforeTheCall() {
        String key = createKey("{\"name\":\"small\",\"tpm\":100}");

        HttpResponse<String> small = chat(key, "mock/echo");
        HttpResponse<String> large = t.post(
                "/v1/chat/completions",
                "{\"model\":\"mock/echo\",\"max_tokens\":500,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}",
                "authorization",
                "Bearer " + key);

        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("100");
        assertThat(large.statusCode()).isEqualTo(400);
        assertThat(Json.read(large.body()).at("/error/message").asText()).contains("allows 100");
    }

    @Test
    void allowedEndpointsAreEnforcedAndTheOfficialSdkAuthenticatesWithTheKey() {
        String key = createKey("{\"name\":\"team-b\",\"allowed_endpoints\":[\"mock/echo\"]}");

        assertThat(chat(key, "mock/mini").statusCode()).isEqualTo(403);
        OpenAIClient sdk = OpenAIOkHttpClient.builder()
                .baseUrl(t.server.url() + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .build();
        String answer = sdk.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("mock/echo")
                        .addUserMessage("hello through a virtual key")
                        .build())
                .choices()
                .get(0)
                .message()
                .content()
                .orElse("");
        assertThat(answer).isEqualTo("hello through a virtual key");
        sdk.close();
    }

    @Test
    void aSpentBudgetRejectsTheNextCall() {
        // a budget that rejects holds each call's worst case, so the first call must fit it: a prompt of a few
        // tokens and max_tokens 1 on mock/mini cost at most about $0.0000018
        String key = createKey("{\"name\":\"tiny\",\"budget\":{\"usd\":\"0.000002\",\"window\":\"day\"}}");
        String oneToken =
                "{\"model\":\"mock/mini\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}";

        assertThat(t.post("/v1/chat/completions", oneToken, "authorization", "Bearer " + key)
                        .statusCode())
                .isEqualTo(200);
        limiter.awaitIdle(java.time.Duration.ofSeconds(5));
        HttpResponse<String> over = t.post("/v1/chat/completions", oneToken, "authorization", "Bearer " + key);

        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(Json.read(over.body()).at("/error/code").asText()).isEqualTo("budget_exceeded");
    }

    @Test
    void revokedKeysStopWorkingAndTracesNameTheKey() {
        String key = createKey("{\"name\":\"temp\"}");
        HttpResponse<String> ok = chat(key, "mock/echo");
        assertThat(ok.statusCode()).isEqualTo(200);
        String traceId = ok.headers().firstValue("x-mlflowlite-trace-id").orElseThrow();
        assertThat(t.storedTrace(traceId).info().tags()).containsEntry("mlflowlite.api_key_name", "temp");

        JsonNode listed = Json.read(
                t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.server.url() + "/admin/keys"))
                                .header("authorization", "Bearer " + ADMIN)
                                .GET()
                                .build())
                        .body());
        String id = listed.path("keys").get(0).path("id").asText();
        assertThat(listed.toString()).doesNotContain(key);
        HttpResponse<String> revoked =
                t.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.server.url() + "/admin/keys/" + id))
                        .header("authorization", "Bearer " + ADMIN)
                        .DELETE()
                        .build());
        assertThat(revoked.statusCode()).isEqualTo(200);

        assertThat(chat(key, "mock/echo").statusCode()).isEqualTo(401);
    }

    @Test
    void adminRoutesNeedTheAdminKey() {
        assertThat(t.post("/admin/keys", "{\"name\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(t.post("/admin/keys", "{\"name\":\"x\"}", "authorization", "Bearer wrong")
                        .statusCode())
                .isEqualTo(401);
        assertThat(t.post("/admin/reload", "{}", "authorization", "Bearer " + ADMIN)
                        .statusCode())
                .as("no config file to reload")
                .isEqualTo(409);
    }
}
