package io.mlflowlite.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private static Trace trace(JsonNode inputs, JsonNode outputs, Map<String, Object> attributes) {
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
                .outputs(outputs)
                .attributes(attributes)
                .events(List.of())
                .build();
        TraceInfo info = TraceInfo.builder()
                .traceId(root.traceId())
                .experiment("e")
                .startTime(Instant.EPOCH)
                .duration(Duration.ZERO)
                .state(TraceState.OK)
                .requestPreview(InFlightTrace.requestPreview(inputs))
                .responsePreview(InFlightTrace.responsePreview(outputs))
                .model("m")
                .inputTokens(1)
                .outputTokens(1)
                .cost(BigDecimal.ONE)
                .user(null)
                .session(null)
                .tags(Map.of())
                .metadata(Map.of())
                .build();
        return new Trace(info, List.of(root));
    }

    private static JsonNode chat(String user) {
        return Json.read("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":" + Json.tree(user) + "}]}");
    }

    @Test
    void providerKeysAndBearerTokensAreAlwaysMasked() {
        Trace t = trace(
                chat("key sk-proj-abcdefghijklmnopqrstuv and AIzaSyA1234567890abcdefghijklmnopqrstu"),
                null,
                Map.of("note", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "api_key", "plain"));

        Trace clean = Redactor.secretsOnly().apply(t);

        String json = TraceJson.toJson(clean).toString();
        assertThat(json)
                .doesNotContain("sk-proj-abcdefghijklmnopqrstuv")
                .doesNotContain("AIzaSyA1234567890")
                .doesNotContain("eyJhbGciOiJIUzI1NiJ9")
                .doesNotContain("\"plain\"");
        assertThat(clean.info().requestPreview()).contains(Redactor.MASK).doesNotContain("sk-proj");
    }

    @Test
    void customRegexesFieldNamesAndPaths() {
        Trace t = trace(
                chat("Mail me at ada@example.com"),
                Json.read("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Sure, Ada.\"}}]}"),
                Map.of("customer", Json.read("{\"ssn\":\"123-45-6789\",\"tier\":\"gold\"}")));

        Trace clean = Redactor.of(
                        List.of("[\\w.+-]+@[\\w-]+\\.[\\w.]+"),
                        Set.of("ssn"),
                        Set.of("outputs.choices.message.content"))
                .apply(t);

        Span root = clean.root().orElseThrow();
        assertThat(root.inputs().at("/messages/1/content").asText()).isEqualTo("Mail me at " + Redactor.MASK);
        assertThat(((JsonNode) root.attributes().get("customer")).path("ssn").asText())
                .isEqualTo(Redactor.MASK);
        assertThat(((JsonNode) root.attributes().get("customer")).path("tier").asText())
                .isEqualTo("gold");
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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputs.messages.content");
    }

    /** The built-in patterns as one regex, run on every string: what {@link Redactor#text} must always equal. */
    private static final java.util.regex.Pattern REGEX_ONLY = java.util.regex.Pattern.compile(String.join(
            "|",
            Redactor.SECRET_PATTERNS.stream()
                    .map(p -> "(?:" + p.pattern() + ")")
                    .toList()));

    private static String regexOnly(String text) {
        return REGEX_ONLY.matcher(text).replaceAll(Redactor.MASK);
    }

    @Test
    void theLiteralPreCheckRedactsExactlyWhatTheRegexAloneDoes() {
        String[] fragments = {
            "sk-",
            "SK-",
            "sk_",
            "AIza",
            "aiza",
            "AIZA",
            "bearer",
            "Bearer ",
            "BEARER\t",
            "bEaReR  ",
            "api",
            "API",
            "Api",
            "api_key",
            "api-key",
            "apikey",
            "x-api-key",
            "X-Goog-Api-Key",
            "key",
            "=",
            ": ",
            "\"",
            "'",
            " ",
            "\n",
            "abcdefgh",
            "ABCDEFGHIJKLMNOP",
            "0123456789",
            "_-",
            ".~+/",
            "é",
            "ſk-",
            "ı",
            "proj-",
            "k-",
            "Iza",
            "pi",
            "earer",
            "sk",
            "s",
            "capital",
            "KEY",
            "_Key",
            "-kEy",
            "a",
            "ap",
            "ke"
        };
        java.util.Random random = new java.util.Random(20261127L);
        Redactor redactor = Redactor.secretsOnly();
        int matched = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int parts = random.nextInt(12); parts >= 0; parts--) {
                text.append(fragments[random.nextInt(fragments.length)]);
            }
            String s = text.toString();
            String expected = regexOnly(s);
            assertThat(redactor.text(s)).as(s).isEqualTo(expected);
            if (!expected.equals(s)) {
                matched++;
                assertThat(Redactor.mayHoldSecret(s)).as(s).isTrue();
            }
        }
        assertThat(matched).as("strings with a secret among the generated ones").isGreaterThan(10_000);
    }

    /**
     * The built-in redaction looks at a span's inputs, outputs and attributes as JSON text first and walks their
     * trees only when the text may hold something to redact: the result must be what walking them always gives
     * (the same redactor with a pattern that never matches, which has to walk every tree).
     */
    @Test
    void scanningTheJsonTextRedactsExactlyWhatWalkingTheTreesDoes() {
        String[] pieces = {
            "sk-",
            "proj-abcdefghijklmnop",
            "AIza",
            "Bearer ",
            "eyJhbGciOiJIUzI1NiJ9",
            "api",
            "_key",
            "-Key",
            "x-api-key",
            ": ",
            "=",
            "\"",
            "\\",
            "\n",
            "\u0001",
            "é",
            "🚀",
            "capital",
            "Paris",
            "ssn",
            "123-45-6789",
            "authorization",
            "Authorization",
            "apiKey",
            "key",
            "a",
            " "
        };
        String[] keys = {"content", "role", "authorization", "api_key", "apiKey", "ssn", "note", "x-goog-api-key", "k"};
        java.util.Random random = new java.util.Random(20261207L);
        List<Redactor[]> pairs = List.of(
                new Redactor[] {Redactor.secretsOnly(), Redactor.of(List.of("(?!)"), Set.of())},
                new Redactor[] {Redactor.of(List.of(), Set.of("ssn")), Redactor.of(List.of("(?!)"), Set.of("ssn"))});
        int changed = 0;
        for (int i = 0; i < 20_000; i++) {
            JsonNode inputs = chat(words(random, pieces));
            var outputs = Json.object();
            outputs.putArray("choices")
                    .addObject()
                    .putObject("message")
                    .put("role", "assistant")
                    .put("content", words(random, pieces))
                    .put(keys[random.nextInt(keys.length)], words(random, pieces));
            Map<String, Object> attributes = new java.util.LinkedHashMap<>();
            attributes.put("gen_ai.system", "openai");
            attributes.put(keys[random.nextInt(keys.length)], words(random, pieces));
            attributes.put("tree", Json.object().put(keys[random.nextInt(keys.length)], words(random, pieces)));
            attributes.put("n", (long) i);
            Trace t = trace(inputs, outputs, attributes);
            if (i % 2 == 1) { // as Tracing keeps a recorded trace: inputs and outputs as text only
                t = new Trace(t.info(), List.of(t.spans().getFirst().withTextContent()));
            }
            for (Redactor[] pair : pairs) {
                Trace scanned = pair[0].apply(t);
                Trace walked = pair[1].apply(t);
                assertThat(TraceJson.toJson(scanned)).isEqualTo(TraceJson.toJson(walked));
                changed += scanned == t ? 0 : 1;
            }
        }
        assertThat(changed).as("traces with something to redact").isGreaterThan(5_000);
    }

    private static String words(java.util.Random random, String[] pieces) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(6); n >= 0; n--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    @Test
    void thePreCheckRulesOutOrdinaryTextAndKeepsEverySecretShape() {
        assertThat(Redactor.mayHoldSecret("What is the capital of France? The capital of France is Paris."))
                .isFalse();
        assertThat(Redactor.mayHoldSecret("{\"role\":\"assistant\",\"content\":\"Paris.\"}"))
                .isFalse();
        assertThat(Redactor.mayHoldSecret("sk-proj-abc")).isTrue();
        assertThat(Redactor.mayHoldSecret("AIzaSy")).isTrue();
        assertThat(Redactor.mayHoldSecret("Authorization: BeArEr x")).isTrue();
        assertThat(Redactor.mayHoldSecret("X-API-KEY: x")).isTrue();
        assertThat(Redactor.mayHoldSecret("apikey=x")).isTrue();
        assertThat(Redactor.mayHoldSecret("Rapid, capital, therapist")).isFalse();
        assertThat(Redactor.mayHoldSecret("x-goog-Api-key=x")).isTrue();
    }

    @Test
    void customPatternsStillSeeEveryString() {
        Redactor redactor = Redactor.of(List.of("Paris"), Set.of());

        assertThat(redactor.text("The capital of France is Paris."))
                .isEqualTo("The capital of France is " + Redactor.MASK + ".");
    }
}
