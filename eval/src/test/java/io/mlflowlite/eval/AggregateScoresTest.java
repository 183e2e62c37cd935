package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.Feedback;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How feedback values aggregate: verdicts as pass rates, numbers as means, skips and errors counted apart. */
class AggregateScoresTest {
    private static RowResult row(int index, Feedback... feedbacks) {
        return new RowResult(
                index,
                Map.of("q", index),
                Optional.of("a"),
                Map.of(),
                Optional.empty(),
                List.of(feedbacks),
                Optional.empty(),
                Duration.ZERO,
                EvalUsage.ZERO,
                EvalUsage.ZERO);
    }

    @Test
    void yesNoStringsAndBooleansAreVerdictsWhoseMeanIsThePassRate() {
        List<RowResult> rows = List.of(
                row(0, Feedback.of("correctness", "yes", "", "j"), Feedback.of("is_concise", true, "", "c")),
                row(1, Feedback.of("correctness", "no", "", "j"), Feedback.of("is_concise", true, "", "c")),
                row(2, Feedback.of("correctness", "Yes", "", "j"), Feedback.skippedNeeds("is_concise", "c", "outputs")),
                row(3, Feedback.error("correctness", "j", "boom"), Feedback.of("is_concise", false, "", "c")));

        AggregateScores scores = AggregateScores.of(rows, 0, 2_000, 0.95);

        ScoreSummary correctness = scores.require("correctness");
        assertThat(correctness.kind()).isEqualTo(ValueKind.BOOLEAN);
        assertThat(correctness.count()).isEqualTo(3);
        assertThat(correctness.errors()).isEqualTo(1);
        assertThat(correctness.skipped()).isZero();
        assertThat(correctness.passRate().getAsDouble()).isEqualTo(2.0 / 3);
        assertThat(correctness.valueCounts()).containsExactly(Map.entry("yes", 2), Map.entry("no", 1));
        assertThat(correctness.interval().orElseThrow().contains(2.0 / 3)).isTrue();
        ScoreSummary concise = scores.require("is_concise");
        assertThat(concise.count()).isEqualTo(3);
        assertThat(concise.skipped()).isEqualTo(1);
        assertThat(concise.passRate().getAsDouble()).isEqualTo(2.0 / 3);
        assertThat(scores.names()).containsExactly("correctness", "is_concise");
    }

    @Test
    void numbersAggregateAsAMeanAndTextAsCounts() {
        List<RowResult> rows = List.of(
                row(0, Feedback.of("similarity", 0.5, "", "c"), Feedback.of("tone", "friendly", "", "c")),
                row(
                        1,
                        Feedback.of("similarity", new BigDecimal("0.75"), "", "c"),
                        Feedback.of("tone", "curt", "", "c")),
                row(2, Feedback.of("similarity", 1, "", "c"), Feedback.of("tone", "friendly", "", "c")));

        AggregateScores scores = AggregateScores.of(rows, 0, 2_000, 0.95);

        assertThat(scores.require("similarity").kind()).isEqualTo(ValueKind.NUMERIC);
        assertThat(scores.require("similarity").mean().getAsDouble()).isEqualTo(0.75);
        assertThat(scores.require("similarity").passRate()).isEmpty();
        assertThat(scores.require("tone").kind()).isEqualTo(ValueKind.TEXT);
        assertThat(scores.require("tone").mean()).isEmpty();
        assertThat(scores.require("tone").valueCounts())
                .containsExactly(Map.entry("friendly", 2), Map.entry("curt", 1));
        assertThat(scores.toString()).contains("similarity", "mean 0.75", "tone");
    }

    @Test
    void anAssessmentWithOnlySkipsHasNoMeanAndAnUnknownNameListsTheKnownOnes() {
        AggregateScores scores =
                AggregateScores.of(List.of(row(0, Feedback.skippedNeeds("x", "c", "trace"))), 0, 2_000, 0.95);

        assertThat(scores.require("x").kind()).isEqualTo(ValueKind.NONE);
        assertThat(scores.require("x").mean()).isEmpty();
        assertThat(scores.require("x").interval()).isEmpty();
        assertThatThrownBy(() -> scores.require("y"))
                .hasMessageContaining("'y'")
                .hasMessageContaining("x");
    }
}
