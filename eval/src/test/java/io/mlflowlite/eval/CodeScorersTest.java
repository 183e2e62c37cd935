package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.mock.MockModels;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shipped code scorers on rows with recorded outputs, and on predictions traced through simulated models. */
class CodeScorersTest {
    private final Gateway gateway = Gateway.builder()
            .mockModels(MockModels.bundled().withLatencyScale(0))
            .build();

    @AfterEach
    void close() {
        gateway.close();
    }

    private static Feedback score(Scorer scorer, Object outputs, Map<String, ?> expectations) {
        EvalRow row = EvalRow.builder()
                .input("question", "q")
                .outputs(outputs)
                .expectations(expectations)
                .build();
        return Evaluation.builder()
                .data(Dataset.of(row))
                .scorers(scorer)
                .build()
                .run()
                .row(0)
                .feedbacks()
                .get(0);
    }

    @Test
    void exactMatchComparesTrimmedTextWithTheExpectedResponse() {
        assertThat(score(Scorers.exactMatch(), " Paris\n", Map.of("expected_response", "Paris"))
                        .value())
                .isEqualTo(true);
        Feedback differs = score(Scorers.exactMatch(), "paris", Map.of("expected_response", "Paris"));
        assertThat(differs.value()).isEqualTo(false);
        assertThat(differs.rationale()).isEqualTo("the output \"paris\" differs from expected_response \"Paris\"");
        Feedback skipped = score(Scorers.exactMatch(), "Paris", Map.of());
        assertThat(skipped.isSkipped()).isTrue();
        assertThat(skipped.rationale()).isEqualTo("skipped: needs expectations.expected_response");
        assertThat(skipped.source()).isEqualTo("CODE:exact_match");
    }

    @Test
    void containsRegexAndJsonValidReadTheOutputText() {
        assertThat(score(Scorers.contains("paris"), "It is Paris.", Map.of()).value())
                .isEqualTo(true);
        assertThat(score(Scorers.containsExpected(), "It is Paris.", Map.of("expected_response", "paris"))
                        .value())
                .isEqualTo(true);
        assertThat(score(Scorers.containsExpected(), "It is Lyon.", Map.of("expected_response", "paris"))
                        .value())
                .isEqualTo(false);
        assertThat(score(Scorers.regex("\\d{4}-\\d{2}-\\d{2}"), "due 2026-03-01", Map.of())
                        .value())
                .isEqualTo(true);
        assertThat(score(Scorers.regex("dated", "^\\d"), "due 2026-03-01", Map.of())
                        .name())
                .isEqualTo("dated");
        assertThat(score(Scorers.jsonValid(), "{\"a\": [1, 2]}", Map.of()).value())
                .isEqualTo(true);
        assertThat(score(Scorers.jsonValid(), Map.of("a", 1), Map.of()).value()).isEqualTo(true);
        Feedback invalid = score(Scorers.jsonValid(), "{\"a\": 1} trailing", Map.of());
        assertThat(invalid.value()).isEqualTo(false);
        assertThat(invalid.rationale()).startsWith("not valid JSON: ");
        // a chat completion's content is the text
        Map<String, Object> completion = Map.of("choices", List.of(Map.of("message", Map.of("content", "[1, 2]"))));
        assertThat(score(Scorers.jsonValid(), completion, Map.of()).rationale()).isEqualTo("valid JSON");
    }

    private static final String SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {
               "city": {"type": "string", "minLength": 2, "pattern": "^[A-Z]"},
               "population": {"type": "integer", "minimum": 0},
               "tags": {"type": "array", "items": {"enum": ["capital", "port"]}, "maxItems": 2, "uniqueItems": true},
               "score": {"type": "number", "exclusiveMaximum": 1},
               "kind": {"$ref": "#/$defs/kind"},
               "extra": {"anyOf": [{"type": "string"}, {"type": "null"}]}
             },
             "required": ["city", "population"],
             "additionalProperties": false,
             "$defs": {"kind": {"oneOf": [{"const": "city"}, {"const": "town"}]}}}
            """;

    @Test
    void matchesJsonSchemaAgreesWithAFullValidatorOnEveryCase() {
        JsonNode schema = Json.read(SCHEMA);
        List<String> cases = List.of(
                "{\"city\": \"Paris\", \"population\": 2100000}",
                "{\"city\": \"Paris\", \"population\": 2100000, \"tags\": [\"capital\"], \"score\": 0.5, \"kind\": \"city\", \"extra\": null}",
                "{\"city\": \"Paris\"}",
                "{\"city\": \"paris\", \"population\": 1}",
                "{\"city\": \"P\", \"population\": 1}",
                "{\"city\": \"Paris\", \"population\": -1}",
                "{\"city\": \"Paris\", \"population\": 1.5}",
                "{\"city\": \"Paris\", \"population\": 1.0}",
                "{\"city\": \"Paris\", \"population\": 1, \"mayor\": \"x\"}",
                "{\"city\": \"Paris\", \"population\": 1, \"tags\": [\"capital\", \"capital\"]}",
                "{\"city\": \"Paris\", \"population\": 1, \"tags\": [\"river\"]}",
                "{\"city\": \"Paris\", \"population\": 1, \"tags\": [\"capital\", \"port\", \"capital\"]}",
                "{\"city\": \"Paris\", \"population\": 1, \"score\": 1}",
                "{\"city\": \"Paris\", \"population\": 1, \"kind\": \"village\"}",
                "{\"city\": \"Paris\", \"population\": 1, \"extra\": 3}",
                "[\"Paris\"]",
                "\"Paris\"");
        Scorer scorer = Scorers.matchesJsonSchema(SCHEMA);
        for (String json : cases) {
            boolean reference = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(schema)
                    .validate(Json.read(json))
                    .isEmpty();
            Feedback ours = score(scorer, json, Map.of());
            assertThat(ours.value()).as(json + " -> " + ours.rationale()).isEqualTo(reference);
        }
        assertThat(score(scorer, "{\"city\": \"Paris\"}", Map.of()).rationale())
                .isEqualTo("$: missing required property 'population'");
        assertThat(score(scorer, "not json", Map.of()).rationale()).startsWith("not valid JSON");
    }

    @Test
    void aSchemaWithAKeywordThatWouldBeIgnoredIsRefused() {
        assertThatThrownBy(() -> Scorers.matchesJsonSchema("{\"type\": \"object\", \"patternProperties\": {}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'patternProperties'");
    }

    @Test
    void latencyCostAndTokensAreReadFromThePredictionsTrace() {
        EvalRow row = EvalRow.builder()
                .input("question", "What is the capital of France?")
                .build();
        EvaluationResult result = Evaluation.builder()
                .data(Dataset.of(row))
                .gateway(gateway)
                .predictFn(inputs -> gateway.query("mock/mini", (String) inputs.get("question")))
                .scorers(Scorers.latency(), Scorers.cost(new BigDecimal("0.000001")), Scorers.tokenCount(100_000))
                .build()
                .run();

        RowResult r = result.row(0);
        assertThat(r.usage().totalTokens()).isPositive();
        assertThat(r.usage().costUsd()).isPositive();
        assertThat(r.feedback("token_count").orElseThrow().value())
                .isEqualTo(r.usage().totalTokens());
        assertThat(r.feedback("token_count_pass").orElseThrow().value()).isEqualTo(true);
        assertThat(r.feedback("cost").orElseThrow().asNumber().getAsDouble())
                .isEqualTo(r.usage().costUsd().doubleValue());
        assertThat(r.feedback("cost_pass").orElseThrow().value())
                .isEqualTo(r.usage().costUsd().compareTo(new BigDecimal("0.000001")) <= 0);
        assertThat(r.feedback("latency").orElseThrow().asNumber().getAsDouble())
                .isEqualTo(
                        Math.round(r.latency().toNanos() / 1e6) / 1e3, org.assertj.core.api.Assertions.within(0.0011));
        assertThat(result.aggregateScores().require("latency").kind()).isEqualTo(ValueKind.NUMERIC);
    }

    @Test
    void measurementsOfARowWithoutATraceAreSkipped() {
        Feedback latency = score(Scorers.latency(Duration.ofSeconds(1)), "x", Map.of());
        assertThat(latency.rationale()).isEqualTo("skipped: needs trace");
    }

    @Test
    void semanticSimilarityIsTheCosineOfTheEmbeddingsWithAPassAtTheThreshold() {
        SemanticSimilarity scorer =
                Scorers.semanticSimilarity().withModel("mock/embed").withThreshold(0.9);
        EvalRow same = EvalRow.builder()
                .input("q", "q")
                .outputs("The capital of France is Paris.")
                .expectedResponse("The capital of France is Paris.")
                .build();
        EvalRow other = EvalRow.builder()
                .input("q", "q")
                .outputs("Bananas ripen quickly in summer heat.")
                .expectedResponse("The capital of France is Paris.")
                .build();

        EvaluationResult result = Evaluation.builder()
                .data(Dataset.of(same, other))
                .gateway(gateway)
                .scorers(scorer)
                .build()
                .run();

        assertThat(result.row(0)
                        .feedback("semantic_similarity")
                        .orElseThrow()
                        .asNumber()
                        .getAsDouble())
                .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(result.row(0)
                        .feedback("semantic_similarity_pass")
                        .orElseThrow()
                        .value())
                .isEqualTo(true);
        assertThat(result.row(1)
                        .feedback("semantic_similarity")
                        .orElseThrow()
                        .asNumber()
                        .getAsDouble())
                .isLessThan(0.5);
        assertThat(result.row(1)
                        .feedback("semantic_similarity_pass")
                        .orElseThrow()
                        .value())
                .isEqualTo(false);
        assertThat(result.row(1).feedback("semantic_similarity").orElseThrow().source())
                .isEqualTo("EMBEDDING:mock/embed");
    }

    @Test
    void semanticSimilarityWithoutTheEmbedModuleIsAnErrorNamingIt() {
        EvalRow row = EvalRow.builder()
                .input("q", "q")
                .outputs("Paris")
                .expectedResponse("Paris")
                .build();

        RowResult result = Evaluation.builder()
                .data(Dataset.of(row))
                .gateway(gateway)
                .scorers(Scorers.semanticSimilarity())
                .build()
                .run()
                .row(0);

        Feedback feedback = result.feedback("semantic_similarity").orElseThrow();
        assertThat(feedback.isError()).isTrue();
        assertThat(feedback.rationale()).contains("local/all-minilm-l6-v2 is not available", "mlflowlite-embed");
    }
}
