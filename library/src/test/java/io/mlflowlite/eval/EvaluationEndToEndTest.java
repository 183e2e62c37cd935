package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.Mlflowlite;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.tracing.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The facade end to end on simulated models: {@code mock/pro} answers, code scorers judge, the run is stored. */
class EvaluationEndToEndTest {
    private static final List<String[]> QA = List.of(
            new String[] {"What is the capital of France?", "Paris"},
            new String[] {"What is the capital of Germany?", "Berlin"},
            new String[] {"What is the capital of Italy?", "Rome"},
            new String[] {"What is the capital of Spain?", "Madrid"},
            new String[] {"What is the capital of Japan?", "Tokyo"},
            new String[] {"What is the capital of Portugal?", "Lisbon"});

    private final InMemoryEvalRunStore store = new InMemoryEvalRunStore();

    @BeforeEach
    void simulatedModels() {
        Mlflowlite.setGateway(Gateway.builder()
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build());
        Mlflowlite.setEvalRunStore(store);
    }

    @AfterEach
    void reset() {
        Mlflowlite.setGateway(null);
        Mlflowlite.setEvalRunStore(null);
    }

    private static Dataset data() {
        return Dataset.of(QA.stream()
                .map(qa -> EvalRow.builder()
                        .input("question", qa[0])
                        .expectedResponse(qa[1])
                        .build())
                .toList());
    }

    @Test
    void evaluatePredictsWithTheAppModelScoresWithCodeAndStoresTheRun() {
        Scorer isConcise = Scorer.of("is_concise", outputs -> outputs.toString().length() < 200);

        EvaluationResult result = Mlflowlite.evaluate(
                data(),
                inputs -> Mlflowlite.query("mock/pro", (String) inputs.get("question")),
                Scorers.containsExpected(),
                isConcise,
                Scorers.latency(),
                Scorers.tokenCount(2_000));

        assertThat(result.rows()).hasSize(6).allSatisfy(r -> {
            assertThat(r.error()).isEmpty();
            assertThat(r.traceId()).isPresent();
            assertThat(r.usage().totalTokens()).isPositive();
            assertThat(r.usage().costUsd()).isPositive();
        });
        // mock/pro answers the bundled knowledge set with 96 % accuracy: most, not necessarily all, contain the answer
        ScoreSummary contains = result.aggregateScores().require("contains_expected");
        assertThat(contains.count()).isEqualTo(6);
        assertThat(contains.passRate().getAsDouble()).isGreaterThanOrEqualTo(0.5);
        long passed = result.rows().stream()
                .filter(r ->
                        r.feedback("contains_expected").orElseThrow().value().equals(true))
                .count();
        assertThat(contains.passRate().getAsDouble()).isEqualTo(passed / 6.0);
        assertThat(result.aggregateScores().require("is_concise").passRate()).hasValue(1.0);
        assertThat(result.aggregateScores().require("latency").mean()).isPresent();
        assertThat(result.run().judgeUsage()).isEqualTo(EvalUsage.ZERO);
        assertThat(result.run().appUsage().totalTokens())
                .isEqualTo(result.rows().stream()
                        .mapToLong(r -> r.usage().totalTokens())
                        .sum());
        assertThat(store.get(result.run().runId()).orElseThrow().rows()).isEqualTo(result.rows());

        EvalAssertions.assertThat(result)
                .noErrors()
                .passRate("is_concise")
                .isAtLeast(1.0)
                .passRate("token_count_pass")
                .isAtLeast(1.0)
                .mean("latency")
                .isAtMost(60);
        assertThat(result.toTable()).contains("contains_expected", "is_concise", "What is the capital of France?");
    }

    @Test
    void evaluateTracesScoresRecordedCallsWithTheirTraces() {
        List<Trace> traces = new ArrayList<>();
        for (String[] qa : QA.subList(0, 3)) {
            ChatResponse response = Mlflowlite.query("mock/echo", qa[0]);
            traces.add(Mlflowlite.getTrace(response.traceId().orElseThrow()).orElseThrow());
        }

        EvaluationResult result = Mlflowlite.evaluateTraces(
                traces, Scorers.contains("capital"), Scorers.latency(Duration.ofSeconds(30)), Scorers.tokenCount());

        assertThat(result.rows())
                .extracting(r -> r.traceId().orElseThrow())
                .containsExactlyElementsOf(traces.stream().map(Trace::traceId).toList());
        assertThat(result.rows()).allSatisfy(r -> {
            assertThat(r.feedback("contains").orElseThrow().value()).isEqualTo(true);
            assertThat(r.feedback("latency_pass").orElseThrow().value()).isEqualTo(true);
            assertThat(r.usage().totalTokens()).isPositive();
        });
        assertThat(result.row(0).feedback("token_count").orElseThrow().value())
                .isEqualTo(traces.get(0).totalTokens());
        assertThat(result.run().params()).containsEntry("dataset_source", "traces");
    }

    @Test
    void aFailingGateReportsTheMeasuredValueAndTheFailingRows() {
        EvaluationResult result = Mlflowlite.evaluate(data(), inputs -> "I do not know", Scorers.containsExpected());

        assertThatThrownBy(() -> EvalAssertions.assertThat(result)
                        .passRate("contains_expected")
                        .isAtLeast(0.9))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "Expected pass rate of contains_expected ≥ 0.9 but pass rate was 0 (n=6, 95% CI [0, 0]")
                .hasMessageContaining("row 0 (What is the capital of France?): false — does not contain \"Paris\"")
                .hasMessageContaining("… and 1 more");
    }
}
