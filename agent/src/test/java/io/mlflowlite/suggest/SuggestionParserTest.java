package io.mlflowlite.suggest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The strict reader of the suggestion model's answer. */
class SuggestionParserTest {
    private static final String ONE =
            "[{\"kind\":\"x\",\"severity\":\"warning\",\"title\":\"t\",\"evidence\":\"e\"," + "\"change\":\"c\"}]";

    @Test
    void readsAnArrayNormalizingKindAndSeverity() throws Exception {
        assertThat(SuggestionParser.parse(ONE)).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo("X");
            assertThat(s.severity()).isEqualTo(Severity.WARNING);
            assertThat(s.estimatedSavingPer1000Calls()).isEmpty();
        });
        assertThat(SuggestionParser.parse("[]")).isEmpty();
    }

    @Test
    void acceptsOneCodeFenceAroundTheArray() throws Exception {
        assertThat(SuggestionParser.parse("```json\n" + ONE + "\n```")).hasSize(1);
    }

    @Test
    void rejectsProseObjectsTrailingTextAndMissingFields() {
        assertThatThrownBy(() -> SuggestionParser.parse("Here you go")).hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> SuggestionParser.parse("{\"suggestions\":[]}"))
                .hasMessage("expected a JSON array of suggestions, got object");
        assertThatThrownBy(() -> SuggestionParser.parse(ONE + " thanks")).hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> SuggestionParser.parse(
                        "[{\"kind\":\"x\",\"severity\":\"INFO\",\"title\":\"t\"," + "\"evidence\":\"e\"}]"))
                .hasMessage("[0].change must be a non-empty string");
        assertThatThrownBy(() -> SuggestionParser.parse(
                        ONE.replace("}]", ",\"estimated_saving_usd_per_1000_calls\":" + "\"lots\"}]")))
                .hasMessage("[0].estimated_saving_usd_per_1000_calls must be a non-negative number");
    }
}
