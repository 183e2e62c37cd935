package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.Feedback;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The terminal table and the CSV export. */
class ResultOutputTest {
    private static final EvaluationResult RESULT = EvaluationResult.of(
            EvalRun.builder()
                    .runId("er-42")
                    .name("nightly")
                    .status(EvalStatus.FINISHED)
                    .datasetFingerprint("a".repeat(64))
                    .rowCount(2)
                    .model(Optional.of("mock/pro"))
                    .promptVersion(Optional.empty())
                    .scorers(List.of("correctness", "is_concise"))
                    .judgeModel(Optional.of("local/judge"))
                    .startedAt(Instant.parse("2026-01-01T00:00:00Z"))
                    .endedAt(Optional.of(Instant.parse("2026-01-01T00:00:12.5Z")))
                    .appUsage(new EvalUsage(100, 20, new java.math.BigDecimal("0.0012")))
                    .judgeUsage(EvalUsage.ZERO)
                    .judgeCalls(2)
                    .judgeCacheHits(1)
                    .params(Map.of("judging", "offline", "judge_models", "local/judge"))
                    .tags(Map.of())
                    .build(),
            List.of(
                    new RowResult(
                            0,
                            Map.of("question", "What is the capital of France, the country in western Europe?"),
                            Optional.of("Paris, \"the city of light\"\nof course"),
                            Map.of("expected_response", "Paris"),
                            Optional.of("tr-1"),
                            List.of(
                                    new Feedback("correctness", "yes", "matches", "LLM_JUDGE:local/judge"),
                                    new Feedback("is_concise", true, "", "CODE:is_concise")),
                            Optional.empty(),
                            Duration.ofMillis(1234),
                            new EvalUsage(50, 10, new java.math.BigDecimal("0.0006")),
                            EvalUsage.ZERO),
                    new RowResult(
                            1,
                            Map.of("question", "Capital of Peru?"),
                            Optional.empty(),
                            Map.of(),
                            Optional.empty(),
                            List.of(
                                    Feedback.error("correctness", null, "not scored: the prediction failed"),
                                    Feedback.error("is_concise", null, "not scored: the prediction failed")),
                            Optional.of("IllegalStateException: down"),
                            Duration.ZERO,
                            EvalUsage.ZERO,
                            EvalUsage.ZERO)));

    @Test
    void theTableShowsTheRunTheRowsTheAggregatesAndWhatFailed() {
        String table = RESULT.toTable();

        assertThat(table)
                .startsWith("Evaluation nightly (er-42) FINISHED, 2 rows, 12.5 s\n"
                        + "model mock/pro  judge local/judge (offline judging: embedding similarity and simple checks, not an LLM)\n"
                        + "app 120 tokens, $0.0012   judges 0 tokens, $0 (2 calls, 1 cache hits)\n");
        List<String> lines = table.lines().toList();
        String header = lines.get(4);
        assertThat(header).startsWith("#  inputs").contains("outputs", "correctness", "is_concise", "latency", "error");
        // long text is cut, line breaks flattened, columns aligned under the header
        assertThat(lines.get(6))
                .startsWith("0  What is the capital of France, the coun…")
                .contains("Paris, \"the city of light\" of course")
                .contains("1.23 s");
        assertThat(lines.get(6).indexOf("yes")).isEqualTo(header.indexOf("correctness"));
        assertThat(lines.get(7)).contains("error", "IllegalStateException: down");
        assertThat(table)
                .contains(
                        "pass 100.0%",
                        "Errors (1; resume() redoes them):", "row 1: prediction failed: IllegalStateException: down");
    }

    @Test
    void theCsvHasAColumnTripletPerFeedbackAndQuotesWhatNeedsIt() {
        List<String> lines = RESULT.toCsv().lines().toList();

        assertThat(lines.get(0))
                .isEqualTo("index,trace_id,inputs,outputs,expectations,error,latency_ms,input_tokens,"
                        + "output_tokens,cost_usd,judge_cost_usd,correctness,correctness.rationale,correctness.status,"
                        + "correctness.source,is_concise,is_concise.rationale,is_concise.status,is_concise.source");
        assertThat(lines.get(1))
                .startsWith(
                        "0,tr-1,\"{\"\"question\"\":\"\"What is the capital of France, the country in western Europe?\"\"}\",\"Paris, \"\"the city of light\"\"");
        assertThat(lines.get(2))
                .isEqualTo(
                        "of course\",\"{\"\"expected_response\"\":\"\"Paris\"\"}\",,1234,50,10,0.0006,0,yes,matches,ok,LLM_JUDGE:local/judge,true,,ok,CODE:is_concise");
        assertThat(lines.get(3))
                .isEqualTo(
                        "1,,\"{\"\"question\"\":\"\"Capital of Peru?\"\"}\",,{},IllegalStateException: down,0,0,0,0,0,"
                                + ",error: not scored: the prediction failed,error,,,error: not scored: the prediction failed,error,");
        assertThat(RESULT.toCsv()).contains("\r\n");
    }
}
