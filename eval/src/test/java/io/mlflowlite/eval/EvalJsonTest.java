package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs, rows and feedbacks survive the JSON shape stores and exports use. */
class EvalJsonTest {
    @Test
    void runRowAndFeedbackRoundTrip() {
        EvalRun run = EvalRunStoreContract.run("er-1", "baseline", Instant.parse("2026-01-02T03:04:05.5Z"));
        RowResult row = EvalRunStoreContract.row(3);

        assertThat(EvalJson.readRun(EvalJson.run(run))).isEqualTo(run);
        assertThat(EvalJson.readRow(EvalJson.row(row))).isEqualTo(row);
        assertThat(EvalJson.row(row).path("latency_ms").decimalValue()).isEqualByComparingTo("1234.567891");
        assertThat(EvalJson.row(row).at("/feedbacks/3/status").asText()).isEqualTo("SKIPPED");
        assertThat(EvalJson.row(row).at("/feedbacks/3/rationale").asText())
                .isEqualTo("skipped: needs expectations.expected_response");
    }

    @Test
    void resultJsonCarriesAggregatesAndReadsBack() {
        EvalRun run = EvalRunStoreContract.run("er-1", "baseline", Instant.parse("2026-01-02T03:04:05Z"));
        EvaluationResult result =
                EvaluationResult.of(run, List.of(EvalRunStoreContract.row(1), EvalRunStoreContract.row(0)));

        String json = result.toJson();
        EvaluationResult back = EvaluationResult.fromJson(json);

        assertThat(back.run()).isEqualTo(run);
        assertThat(back.rows()).isEqualTo(result.rows());
        assertThat(io.mlflowlite.json.Json.read(json)
                        .at("/aggregates/correctness/mean")
                        .asDouble())
                .isEqualTo(1.0);
        assertThat(io.mlflowlite.json.Json.read(json)
                        .at("/aggregates/safety/errors")
                        .asInt())
                .isEqualTo(2);
    }
}
