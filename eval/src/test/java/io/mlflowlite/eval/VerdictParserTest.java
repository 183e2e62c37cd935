package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Judge answers are read strictly: exactly {rationale, result}, nothing around it but one code fence. */
class VerdictParserTest {
    @Test
    void readsRationaleAndAYesOrNoInAnyCase() throws Exception {
        assertThat(VerdictParser.parse("{\"rationale\": \"It names Paris.\", \"result\": \"yes\"}", false))
                .isEqualTo(new VerdictParser.Verdict("It names Paris.", "yes"));
        assertThat(VerdictParser.parse("  {\"result\": \"NO\", \"rationale\": \" Lyon is wrong. \"}\n", false))
                .isEqualTo(new VerdictParser.Verdict("Lyon is wrong.", "no"));
        assertThat(VerdictParser.parse("```json\n{\"rationale\": \"ok\", \"result\": \"Yes\"}\n```", false)
                        .result())
                .isEqualTo("yes");
    }

    @Test
    void scoringJudgesMayAnswerANumber() throws Exception {
        assertThat(VerdictParser.parse("{\"rationale\": \"mostly\", \"result\": 4}", true)
                        .result())
                .isEqualTo(new BigDecimal("4"));
        assertThatThrownBy(() -> VerdictParser.parse("{\"rationale\": \"mostly\", \"result\": 4}", false))
                .hasMessage("\"result\" must be \"yes\" or \"no\", was 4");
    }

    @Test
    void rejectsAnythingElseWithAShortReason() {
        assertThatThrownBy(() -> VerdictParser.parse("Sure! It is correct.", false))
                .isInstanceOf(VerdictParser.InvalidVerdict.class)
                .hasMessageStartingWith("not valid JSON: ");
        assertThatThrownBy(() ->
                        VerdictParser.parse("{\"rationale\": \"ok\", \"result\": \"yes\"} Hope this helps!", false))
                .hasMessageStartingWith("not valid JSON: ");
        assertThatThrownBy(() -> VerdictParser.parse("[\"yes\"]", false))
                .hasMessage("expected a JSON object, got array");
        assertThatThrownBy(() -> VerdictParser.parse("{\"result\": \"yes\"}", false))
                .hasMessage("\"rationale\" must be a non-empty string");
        assertThatThrownBy(() -> VerdictParser.parse("{\"rationale\": \" \", \"result\": \"yes\"}", false))
                .hasMessage("\"rationale\" must be a non-empty string");
        assertThatThrownBy(() -> VerdictParser.parse("{\"rationale\": \"ok\"}", false))
                .hasMessage("\"result\" is missing");
        assertThatThrownBy(() -> VerdictParser.parse("{\"rationale\": \"ok\", \"result\": \"maybe\"}", false))
                .hasMessage("\"result\" must be \"yes\" or \"no\", was \"maybe\"");
        assertThatThrownBy(
                        () -> VerdictParser.parse("{\"rationale\": \"ok\", \"result\": \"yes\", \"score\": 5}", false))
                .hasMessage("unexpected field \"score\"; only rationale and result are allowed");
        assertThatThrownBy(() -> VerdictParser.parse("", false)).hasMessage("the answer is empty");
    }
}
