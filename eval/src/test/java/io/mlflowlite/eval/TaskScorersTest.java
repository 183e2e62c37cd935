package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.Feedback;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact scorers of the simulated task families, on right answers and on the ways answers go wrong. */
class TaskScorersTest {
    private static final Map<String, Object> SCHEMA = Map.of(
            "type",
            "object",
            "properties",
            Map.of("name", Map.of("type", "string"), "quantity", Map.of("type", "integer")),
            "required",
            List.of("name", "quantity"),
            "additionalProperties",
            false);

    private static Feedback score(Scorer scorer, Map<String, ?> inputs, Object outputs, Map<String, ?> expectations) {
        return scorer.score(ScorerInput.of(inputs, outputs, expectations)).get(0);
    }

    @Test
    void numericMatchReadsTheFinalNumberIgnoringSeparators() {
        Map<String, String> expected = Map.of("expected_response", "1074");
        assertThat(score(Scorers.numericMatch(), Map.of(), "Step 1: 225 and 849.\nAnswer: 1,074", expected)
                        .value())
                .isEqualTo(true);
        Feedback nearMiss = score(Scorers.numericMatch(), Map.of(), "The answer is 1084.", expected);
        assertThat(nearMiss.value()).isEqualTo(false);
        assertThat(nearMiss.rationale()).contains("1084", "1074");
        assertThat(score(Scorers.numericMatch(), Map.of(), "I cannot tell.", expected)
                        .rationale())
                .isEqualTo("no number in the output");
    }

    @Test
    void labelMatchWantsTheLabelAloneNotASentenceNamingIt() {
        Map<String, String> expected = Map.of("expected_response", "billing");
        assertThat(score(Scorers.labelMatch(), Map.of(), " Billing.\n", expected)
                        .value())
                .isEqualTo(true);
        assertThat(score(Scorers.labelMatch(), Map.of(), "\"billing\"", expected)
                        .value())
                .isEqualTo(true);
        assertThat(score(Scorers.labelMatch(), Map.of(), "Category: billing (a billing problem).", expected)
                        .value())
                .isEqualTo(false);
        assertThat(score(Scorers.labelMatch(), Map.of(), "shipping", expected).value())
                .isEqualTo(false);
    }

    @Test
    void jsonFieldMatchChecksJsonThenSchemaThenEveryField() {
        Map<String, Object> inputs = Map.of("schema", SCHEMA);
        Map<String, Object> expected = Map.of("expected_json", Map.of("name", "Ana", "quantity", 3));
        assertThat(score(Scorers.jsonFieldMatch(), inputs, "{\"name\":\"Ana\",\"quantity\":3.0}", expected)
                        .value())
                .isEqualTo(true);
        Feedback fenced =
                score(Scorers.jsonFieldMatch(), inputs, "Here it is:\n```json\n{\"name\":\"Ana\"}\n```", expected);
        assertThat(fenced.value()).isEqualTo(false);
        assertThat(fenced.rationale()).startsWith("not valid JSON");
        assertThat(score(Scorers.jsonFieldMatch(), inputs, "{\"name\":\"Ana\",\"quantity\":3", expected)
                        .value())
                .isEqualTo(false);
        Feedback missing = score(Scorers.jsonFieldMatch(), inputs, "{\"name\":\"Ana\"}", expected);
        assertThat(missing.rationale()).contains("missing required property 'quantity'");
        Feedback wrong = score(Scorers.jsonFieldMatch(), inputs, "{\"name\":\"Ben\",\"quantity\":3}", expected);
        assertThat(wrong.value()).isEqualTo(false);
        assertThat(wrong.rationale()).contains("name is \"Ben\", expected \"Ana\"");
    }

    @Test
    void keyFactsNeedsEveryFact() {
        Map<String, Object> expected = Map.of("expected_facts", List.of("Leeds", "2.4 million euros", "356 jobs"));
        assertThat(score(Scorers.keyFacts(), Map.of(), "Leeds approved a 2.4 million euros depot: 356 jobs.", expected)
                        .value())
                .isEqualTo(true);
        Feedback off =
                score(Scorers.keyFacts(), Map.of(), "Leeds approved a 2.3 million euros depot: 356 jobs.", expected);
        assertThat(off.value()).isEqualTo(false);
        assertThat(off.rationale()).isEqualTo("misses 1 of 3 key facts: \"2.4 million euros\"");
    }
}
