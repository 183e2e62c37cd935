package io.mlflowlite.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Secrets are masked in the trace's own fields too (user, session, tags, metadata), and the gateway's mlk- keys. */
class RedactorTraceInfoTest {
    private static final String PROVIDER_KEY = "sk-proj-abcdefghijklmnopqrstuv";
    private static final String GATEWAY_KEY = "mlk-Q2hhbmdlIG1lIHBsZWFzZSBpdCBpcyBhIGtleQ";

    private static Trace trace(
            String prompt, String user, String session, Map<String, String> tags, Map<String, String> metadata) {
        JsonNode inputs = Json.read(
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":" + Json.tree(prompt) + "}]}");
        Span root = Span.builder()
                .traceId("tr-" + "a".repeat(32))
                .spanId("b".repeat(16))
                .parentId(null)
                .name("chat")
                .type(SpanType.CHAT_MODEL)
                .startNanos(1)
                .endNanos(2)
                .status(SpanStatus.OK)
                .statusMessage(null)
                .inputs(inputs)
                .outputs(null)
                .attributes(Map.of())
                .events(List.of())
                .build();
        TraceInfo info = TraceInfo.builder()
                .traceId(root.traceId())
                .experiment("e")
                .startTime(Instant.EPOCH)
                .duration(Duration.ZERO)
                .state(TraceState.OK)
                .requestPreview(InFlightTrace.requestPreview(inputs))
                .responsePreview(null)
                .model("m")
                .inputTokens(1)
                .outputTokens(1)
                .cost(BigDecimal.ONE)
                .user(user)
                .session(session)
                .tags(tags)
                .metadata(metadata)
                .build();
        return new Trace(info, List.of(root));
    }

    @Test
    void userSessionTagValuesAndMetadataValuesAreRedacted() {
        Trace t = trace(
                "hello",
                "alice " + PROVIDER_KEY,
                "session " + GATEWAY_KEY,
                Map.of("note", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "team", "search"),
                Map.of("api_key", "plain-secret-value", "mlflow.trace.tokenUsage", "{\"input_tokens\": 1}"));

        TraceInfo clean = Redactor.secretsOnly().apply(t).info();

        assertThat(clean.user()).isEqualTo("alice " + Redactor.MASK);
        assertThat(clean.session()).isEqualTo("session " + Redactor.MASK);
        assertThat(clean.tags())
                .containsEntry("team", "search")
                .doesNotContainValue("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig");
        assertThat(clean.tags().get("note")).doesNotContain("eyJhbGciOiJIUzI1NiJ9");
        assertThat(clean.metadata())
                .containsEntry("api_key", Redactor.MASK)
                .containsEntry("mlflow.trace.tokenUsage", "{\"input_tokens\": 1}");
        assertThat(TraceJson.toJson(Redactor.secretsOnly().apply(t)).toString())
                .doesNotContain(PROVIDER_KEY)
                .doesNotContain(GATEWAY_KEY)
                .doesNotContain("plain-secret-value");
    }

    @Test
    void customPatternsApplyToTheTraceFieldsToo() {
        Trace t = trace("hello", "ada@example.com", null, Map.of("contact", "ada@example.com"), Map.of());

        TraceInfo clean = Redactor.of(List.of("[\\w.+-]+@[\\w-]+\\.[\\w.]+"), Set.of())
                .apply(t)
                .info();

        assertThat(clean.user()).isEqualTo(Redactor.MASK);
        assertThat(clean.tags()).containsEntry("contact", Redactor.MASK);
    }

    @Test
    void theGatewaysOwnKeysAreMaskedInPromptsButTheirListedPrefixesAreNot() {
        Trace t = trace("my key is " + GATEWAY_KEY + ", listed as mlk-Q2hhbm", null, null, Map.of(), Map.of());

        Span root = Redactor.secretsOnly().apply(t).root().orElseThrow();

        assertThat(root.inputs().at("/messages/0/content").asText())
                .isEqualTo("my key is " + Redactor.MASK + ", listed as mlk-Q2hhbm");
    }
}
