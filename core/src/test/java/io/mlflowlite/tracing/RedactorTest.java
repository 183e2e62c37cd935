package io.mlflowlite.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.internal.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private static Trace trace(JsonNode inputs, JsonNode outputs, Map<String, Object> attributes) {
        Span root = new Span("tr-" + "a".repeat(32), "b".repeat(16), null, "chat", SpanType.CHAT_MODEL, 1, 2,
                SpanStatus.OK, null, inputs, outputs, attributes, List.of());
        TraceInfo info = new TraceInfo(root.traceId(), "e", Instant.EPOCH, Duration.ZERO, TraceState.OK,
                InFlightTrace.requestPreview(inputs), InFlightTrace.responsePreview(outputs), "m", 1, 1,
                BigDecimal.ONE, null, null, Map.of(), Map.of());
        return new Trace(info, List.of(root));
    }

    private static JsonNode chat(String user) {
        return Json.read("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":" + Json.tree(user) + "}]}");
    }

    @Test
    void providerKeysAndBearerTokensAreAlwaysMasked() {
        Trace t = trace(chat("key sk-proj-abcdefghijklmnopqrstuv and AIzaSyA1234567890abcdefghijklmnopqrstu"),
                null, Map.of("note", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "api_key", "plain"));

        Trace clean = Redactor.secretsOnly().apply(t);

        String json = TraceJson.toJson(clean).toString();
        assertThat(json).doesNotContain("sk-proj-abcdefghijklmnopqrstuv").doesNotContain("AIzaSyA1234567890")
                .doesNotContain("eyJhbGciOiJIUzI1NiJ9").doesNotContain("\"plain\"");
        assertThat(clean.info().requestPreview()).contains(Redactor.MASK).doesNotContain("sk-proj");
    }

    @Test
    void customRegexesFieldNamesAndPaths() {
        Trace t = trace(chat("Mail me at ada@example.com"),
                Json.read("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Sure, Ada.\"}}]}"),
                Map.of("customer", Json.read("{\"ssn\":\"123-45-6789\",\"tier\":\"gold\"}")));

        Trace clean = Redactor.of(List.of("[\\w.+-]+@[\\w-]+\\.[\\w.]+"), Set.of("ssn"),
                Set.of("outputs.choices.message.content")).apply(t);

        Span root = clean.root().orElseThrow();
        assertThat(root.inputs().at("/messages/1/content").asText()).isEqualTo("Mail me at " + Redactor.MASK);
        assertThat(((JsonNode) root.attributes().get("customer")).path("ssn").asText()).isEqualTo(Redactor.MASK);
        assertThat(((JsonNode) root.attributes().get("customer")).path("tier").asText()).isEqualTo("gold");
        assertThat(root.outputs().at("/choices/0/message/content").asText()).isEqualTo(Redactor.MASK);
        assertThat(clean.info().responsePreview()).isEqualTo(Redactor.MASK);
        assertThat(root.inputs().at("/messages/0/content").asText()).isEqualTo("Be brief.");
    }

    @Test
    void cleanTreesAreReturnedUntouched() {
        JsonNode inputs = chat("What is the capital of France?");
        Trace clean = Redactor.secretsOnly().apply(trace(inputs, null, Map.of()));
        assertThat(clean.root().orElseThrow().inputs()).isSameAs(inputs);
    }

    @Test
    void pathsMustNameInputsOrOutputs() {
        assertThatThrownBy(() -> Redactor.of(List.of(), Set.of(), Set.of("messages.content")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputs.messages.content");
    }
}
