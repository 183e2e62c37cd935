package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.limits.InMemoryKeyStore;
import io.mlflowlite.limits.InMemoryUsageCounter;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.Limiter;
import io.mlflowlite.tracing.Assessment;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/feedback} over real HTTP: stored as an assessment of a served call's trace; errors named. */
class FeedbackTest {
    private static final String CHAT =
            "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}";

    private static String traceIdOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue(ResponseHeaders.TRACE_ID).orElseThrow();
    }

    @Test
    void feedbackOnACallJustServedIsStoredOnItsTraceAndAnsweredWithTheAssessment() {
        try (TestServer t = TestServer.start()) {
            String traceId = traceIdOf(t.post("/v1/chat/completions", CHAT));

            HttpResponse<String> thumbs = t.post(
                    "/v1/feedback",
                    "{\"trace_id\":\"" + traceId + "\",\"name\":\"thumbs_up\",\"value\":true,"
                            + "\"comment\":\"spot on\",\"source\":\"user-42\"}");
            HttpResponse<String> stars =
                    t.post("/v1/feedback", "{\"trace_id\":\"" + traceId + "\",\"name\":\"stars\",\"value\":4.5}");

            assertThat(thumbs.statusCode()).as(thumbs.body()).isEqualTo(201);
            JsonNode body = Json.read(thumbs.body());
            assertThat(body.path("trace_id").asText()).isEqualTo(traceId);
            assertThat(body.path("assessment_id").asText()).matches("a-[0-9a-f]{32}");
            assertThat(body.path("name").asText()).isEqualTo("thumbs_up");
            assertThat(body.path("value").isBoolean()).isTrue();
            assertThat(body.path("rationale").asText()).isEqualTo("spot on");
            assertThat(body.path("source").asText()).isEqualTo("HUMAN:user-42");
            assertThat(stars.statusCode()).as(stars.body()).isEqualTo(201);

            t.tracing.flush(Duration.ofSeconds(5));
            List<Assessment> stored = t.store.get(traceId).orElseThrow().assessments();
            assertThat(stored).extracting(Assessment::name).containsExactlyInAnyOrder("thumbs_up", "stars");
            Assessment star = stored.stream()
                    .filter(a -> a.name().equals("stars"))
                    .findFirst()
                    .orElseThrow();
            assertThat(star.value()).isEqualTo(new BigDecimal("4.5"));
            assertThat(star.source()).isEqualTo("HUMAN");
            assertThat(star.feedback().metadata()).containsKey(FeedbackRoute.REQUEST_ID);
        }
    }

    @Test
    void anUnknownTraceIs404AndAMalformedBodyIs400NamingTheField() {
        try (TestServer t = TestServer.start()) {
            HttpResponse<String> unknown = t.post(
                    "/v1/feedback",
                    "{\"trace_id\":\"tr-0123456789abcdef0123456789abcdef\",\"name\":\"thumbs_up\",\"value\":true}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(Json.read(unknown.body()).at("/error/code").asText()).isEqualTo("trace_not_found");
            assertThat(Json.read(unknown.body()).at("/error/param").asText()).isEqualTo("trace_id");

            String traceId = traceIdOf(t.post("/v1/chat/completions", CHAT));
            assertBadRequest(t, "{\"name\":\"x\",\"value\":true}", "trace_id", "'trace_id' is required");
            assertBadRequest(t, "{\"trace_id\":\"abc\",\"name\":\"x\",\"value\":true}", "trace_id", "tr-");
            assertBadRequest(t, "{\"trace_id\":\"" + traceId + "\",\"value\":true}", "name", "'name' is required");
            assertBadRequest(t, "{\"trace_id\":\"" + traceId + "\",\"name\":\"x\"}", "value", "'value' is required");
            assertBadRequest(
                    t, "{\"trace_id\":\"" + traceId + "\",\"name\":\"x\",\"value\":[1]}", "value", "not a JSON array");
            assertBadRequest(
                    t,
                    "{\"trace_id\":\"" + traceId + "\",\"name\":\"x\",\"value\":1,\"comment\":5}",
                    "comment",
                    "'comment' must be a string");
            assertBadRequest(
                    t,
                    "{\"trace_id\":\"" + traceId + "\",\"name\":\"x\",\"value\":1,\"score\":5}",
                    "score",
                    "Unknown field 'score'");
            assertThat(t.store.assessments(traceId)).isEmpty();
        }
    }

    private static void assertBadRequest(TestServer t, String body, String param, String message) {
        HttpResponse<String> response = t.post("/v1/feedback", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = Json.read(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(error.path("message").asText()).contains(message);
    }

    @Test
    void withApiKeysFeedbackNeedsAKeyAndAKeySeesOnlyItsOwnTraces() {
        String admin = "admin-key-for-tests-0123456789";
        KeyService keys = KeyService.of(new InMemoryKeyStore());
        try (Limiter limiter = Limiter.of(new InMemoryUsageCounter());
                TestServer t = TestServer.start(s -> s.apiKeys(keys, limiter).adminKey(admin))) {
            String alice = Json.read(t.post("/admin/keys", "{\"name\":\"alice\"}", "authorization", "Bearer " + admin)
                            .body())
                    .path("key")
                    .asText();
            String bob = Json.read(t.post("/admin/keys", "{\"name\":\"bob\"}", "authorization", "Bearer " + admin)
                            .body())
                    .path("key")
                    .asText();
            String traceId = traceIdOf(t.post("/v1/chat/completions", CHAT, "authorization", "Bearer " + alice));
            String feedback = "{\"trace_id\":\"" + traceId + "\",\"name\":\"thumbs_up\",\"value\":false}";

            HttpResponse<String> none = t.post("/v1/feedback", feedback);
            HttpResponse<String> other = t.post("/v1/feedback", feedback, "authorization", "Bearer " + bob);
            HttpResponse<String> own = t.post("/v1/feedback", feedback, "authorization", "Bearer " + alice);

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(other.statusCode()).as(other.body()).isEqualTo(404);
            assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
            assertThat(Json.read(own.body())
                            .at("/metadata/" + KeyAdmission.KEY_NAME_LABEL.replace("/", "~1"))
                            .asText())
                    .isEqualTo("alice");
            assertThat(t.store.assessments(traceId)).hasSize(1);
        }
    }
}
