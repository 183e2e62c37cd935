package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Running an evaluation: traces per row, failures, skips, ordering, progress, the store, and resume. */
class EvaluationRunTest {
    private final JudgeUpstream judge = new JudgeUpstream();
    private final Gateway app = Gateway.builder()
            .mockModels(MockModels.bundled().withLatencyScale(0))
            .build();

    @AfterEach
    void close() {
        judge.close();
        app.close();
    }

    private static Dataset questions(int n) {
        return Dataset.of(IntStream.range(0, n)
                .mapToObj(i -> EvalRow.builder()
                        .input("question", "question " + i)
                        .expectedResponse("answer " + i)
                        .build())
                .toList());
    }

    @Test
    void eachPredictionIsOneTraceHoldingItsModelCallsWhoseTokensAndCostAreTheRowsAndNotTheJudges() {
        judge.server.setDispatcher(request -> JudgeUpstream.answer("judge-yes.json"));
        EvalRow row = EvalRow.builder()
                .input("question", "What is the capital of France?")
                .expectedResponse("Paris")
                .build();

        EvaluationResult result = Evaluation.builder()
                .data(Dataset.of(row))
                .gateway(judge.gateway)
                .judgeModel(JudgeUpstream.MODEL)
                .scorers(new Correctness())
                .predictFn(inputs -> {
                    String draft = app.query("mock/mini", (String) inputs.get("question"))
                            .content();
                    return app.query("mock/echo", draft).content();
                })
                .build()
                .run();

        RowResult r = result.row(0);
        Trace trace = Tracing.global().getTrace(r.traceId().orElseThrow()).orElseThrow();
        assertThat(trace.root().orElseThrow().name()).isEqualTo("predict");
        assertThat(trace.spans().stream()
                        .filter(s -> s.type() == SpanType.CHAT_MODEL)
                        .map(Span::name))
                .containsExactlyInAnyOrder("chat mock/mini", "chat mock/echo");
        assertThat(trace.info().tags())
                .containsEntry("mlflowlite.eval.run_id", result.run().runId())
                .containsEntry("mlflowlite.eval.row", "0");
        assertThat(r.usage())
                .isEqualTo(new EvalUsage(
                        trace.info().inputTokens(),
                        trace.info().outputTokens(),
                        trace.info().cost()));
        assertThat(r.usage().totalTokens()).isPositive();
        assertThat(r.latency()).isEqualTo(trace.info().duration());
        assertThat(r.outputs()).isPresent();
        assertThat(result.run().appUsage()).isEqualTo(r.usage());
        assertThat(result.run().judgeUsage()).isEqualTo(new EvalUsage(2000, 500, new java.math.BigDecimal("0.0006")));
        assertThat(r.judgeUsage()).isEqualTo(result.run().judgeUsage());
    }

    @Test
    void aThrowingPredictFnRecordsTheRowsErrorAndTheRunFinishes() {
        EvaluationResult result = Evaluation.builder()
                .data(questions(3))
                .predictFn(inputs -> {
                    if (inputs.get("question").equals("question 1")) {
                        throw new IllegalStateException("model down");
                    }
                    return "answer " + ((String) inputs.get("question")).substring(9);
                })
                .scorers(Scorers.exactMatch())
                .build()
                .run();

        assertThat(result.run().status()).isEqualTo(EvalStatus.FINISHED);
        assertThat(result.row(1).error()).contains("IllegalStateException: model down");
        assertThat(result.row(1).outputs()).isEmpty();
        assertThat(result.row(1).feedback("exact_match").orElseThrow().rationale())
                .isEqualTo("error: not scored: the prediction failed");
        assertThat(result.row(0).feedback("exact_match").orElseThrow().value()).isEqualTo(true);
        ScoreSummary summary = result.aggregateScores().require("exact_match");
        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.errors()).isEqualTo(1);
        assertThat(result.rowsWithErrors()).extracting(RowResult::index).containsExactly(1);
        assertThat(result.toTable()).contains("row 1: prediction failed: IllegalStateException: model down");
    }

    @Test
    void rowsMissingWhatAJudgeNeedsAreSkippedWithoutACall() {
        judge.server.setDispatcher(request -> JudgeUpstream.answer("judge-yes.json"));
        Dataset data = Dataset.of(
                EvalRow.builder()
                        .input("question", "q0")
                        .outputs("Paris")
                        .expectedResponse("Paris")
                        .build(),
                EvalRow.builder().input("question", "q1").outputs("Paris").build(),
                EvalRow.builder()
                        .input("question", "q2")
                        .outputs("Paris")
                        .expectedFacts(List.of("Paris"))
                        .build());

        EvaluationResult result = Evaluation.builder()
                .data(data)
                .gateway(judge.gateway)
                .judgeModel(JudgeUpstream.MODEL)
                .scorers(new Correctness(), new Faithfulness())
                .build()
                .run();

        assertThat(result.row(1).feedback("correctness").orElseThrow().rationale())
                .isEqualTo("skipped: needs expectations.expected_response or expectations.expected_facts");
        assertThat(result.rows())
                .allSatisfy(
                        r -> assertThat(r.feedback("faithfulness").orElseThrow().rationale())
                                .isEqualTo("skipped: needs expectations.context or trace.retriever"));
        assertThat(judge.server.requestCount()).isEqualTo(2);
        ScoreSummary correctness = result.aggregateScores().require("correctness");
        assertThat(correctness.count()).isEqualTo(2);
        assertThat(correctness.skipped()).isEqualTo(1);
        assertThat(correctness.passRate().getAsDouble()).isEqualTo(1.0);
        assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void resultsKeepTheDatasetsOrderWhateverOrderRowsFinishIn() {
        int n = 5;
        List<CountDownLatch> finished =
                IntStream.range(0, n).mapToObj(i -> new CountDownLatch(1)).toList();
        List<Integer> finishedOrder = Collections.synchronizedList(new ArrayList<>());
        List<EvalProgress> progress = Collections.synchronizedList(new ArrayList<>());

        // row i finishes only after row i+1: the reverse of the dataset's order
        EvaluationResult result = Evaluation.builder()
                .data(questions(n))
                .maxConcurrency(n)
                .predictFn(inputs -> {
                    int i = Integer.parseInt(((String) inputs.get("question")).substring(9));
                    if (i + 1 < n && !finished.get(i + 1).await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("row " + (i + 1) + " never finished");
                    }
                    return "answer " + i;
                })
                .scorers(Scorers.exactMatch())
                .progress((p, row) -> {
                    finishedOrder.add(row.index());
                    progress.add(p);
                    finished.get(row.index()).countDown();
                })
                .build()
                .run();

        assertThat(result.rows()).extracting(RowResult::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(result.rows())
                .extracting(r -> r.inputs().get("question"))
                .containsExactly("question 0", "question 1", "question 2", "question 3", "question 4");
        assertThat(finishedOrder).containsExactly(4, 3, 2, 1, 0);
        assertThat(progress).extracting(EvalProgress::done).containsExactly(1, 2, 3, 4, 5);
        assertThat(progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(n));
        assertThat(progress.get(0).eta()).isPresent();
        assertThat(progress.get(n - 1).eta()).hasValue(java.time.Duration.ZERO);
    }

    @Test
    void theRunIsSavedAsItGoesAndReadsBackFromTheStore() {
        List<EvalStatus> saved = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger rowSaves = new AtomicInteger();
        InMemoryEvalRunStore memory = new InMemoryEvalRunStore();
        EvalRunStore store = new ForwardingEvalRunStore(memory) {
            @Override
            public void saveRun(EvalRun run) {
                saved.add(run.status());
                super.saveRun(run);
            }

            @Override
            public void saveRows(String runId, List<RowResult> rows) {
                rowSaves.addAndGet(rows.size());
                super.saveRows(runId, rows);
            }
        };

        EvaluationResult result = Evaluation.builder()
                .name("baseline")
                .data(questions(4))
                .store(store)
                .predictFn(inputs -> "answer 0")
                .scorers(Scorers.exactMatch())
                .model("mock/pro")
                .promptVersion("prompts:/qa/3")
                .tag("team", "search")
                .seed(7)
                .build()
                .run();

        assertThat(saved).containsExactly(EvalStatus.RUNNING, EvalStatus.FINISHED);
        assertThat(rowSaves).hasValue(4);
        EvaluationResult stored = memory.get(result.run().runId()).orElseThrow();
        assertThat(stored.run()).isEqualTo(result.run());
        assertThat(stored.rows()).isEqualTo(result.rows());
        assertThat(stored.aggregateScores().require("exact_match").interval())
                .isEqualTo(result.aggregateScores().require("exact_match").interval());
        EvalRun run = result.run();
        assertThat(run.name()).isEqualTo("baseline");
        assertThat(run.model()).contains("mock/pro");
        assertThat(run.promptVersion()).contains("prompts:/qa/3");
        assertThat(run.scorers()).containsExactly("exact_match");
        assertThat(run.datasetFingerprint()).isEqualTo(questions(4).fingerprint());
        assertThat(run.rowCount()).isEqualTo(4);
        assertThat(run.tags()).containsEntry("team", "search");
        assertThat(run.params()).containsEntry("seed", "7").containsEntry("max_concurrency", "8");
        assertThat(run.endedAt()).isPresent();
        assertThat(memory.searchByName("BASE", 10)).extracting(EvalRun::runId).containsExactly(run.runId());
        assertThatThrownBy(stored::resume)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("evaluation.resume(result)");
    }

    @Test
    void resumeRedoesOnlyFailedPredictionsAndFailedFeedbacks() {
        // first pass: rows 1 and 4 fail to predict; the judge fails (500) on row 2
        Set<Integer> failPredict = ConcurrentHashMap.newKeySet();
        failPredict.addAll(List.of(1, 4));
        Set<String> failJudge = ConcurrentHashMap.newKeySet();
        failJudge.add("answer 2");
        judge.server.setDispatcher(request -> {
            String user = request.jsonBody().at("/messages/1/content").asText();
            boolean fail = failJudge.stream().anyMatch(a -> user.contains("<response>" + a + "</response>"));
            return fail
                    ? MockResponse.json(500, Fixtures.text("eval/error-500.json"))
                    : JudgeUpstream.answer("judge-yes.json");
        });
        AtomicInteger predictions = new AtomicInteger();
        AtomicInteger codeScores = new AtomicInteger();
        Evaluation evaluation = Evaluation.builder()
                .data(questions(6))
                .gateway(judge.gateway)
                .judgeModel(JudgeUpstream.MODEL)
                .judgeMaxRetries(0)
                .maxConcurrency(3)
                .predictFn(inputs -> {
                    predictions.incrementAndGet();
                    int i = Integer.parseInt(((String) inputs.get("question")).substring(9));
                    if (failPredict.contains(i)) {
                        throw new IllegalStateException("provider outage");
                    }
                    return "answer " + i;
                })
                .scorers(new Correctness(), Scorer.of("counted", outputs -> {
                    codeScores.incrementAndGet();
                    return true;
                }))
                .build();

        EvaluationResult first = evaluation.run();

        assertThat(first.rowsWithErrors()).extracting(RowResult::index).containsExactly(1, 2, 4);
        assertThat(first.row(2).feedback("correctness").orElseThrow().isError()).isTrue();
        assertThat(first.row(2).feedback("counted").orElseThrow().value()).isEqualTo(true);
        assertThat(judge.server.requestCount()).isEqualTo(4);
        assertThat(predictions).hasValue(6);
        assertThat(codeScores).hasValue(4);

        failPredict.clear();
        failJudge.clear();
        EvaluationResult resumed = first.resume();

        assertThat(predictions).hasValue(6 + 2);
        assertThat(judge.server.requestCount()).isEqualTo(4 + 3);
        assertThat(codeScores).hasValue(4 + 2);
        assertThat(resumed.hasErrors()).isFalse();
        assertThat(resumed.run().runId()).isEqualTo(first.run().runId());
        assertThat(resumed.rows()).extracting(RowResult::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(resumed.row(0)).isEqualTo(first.row(0));
        assertThat(resumed.row(2).traceId()).isEqualTo(first.row(2).traceId());
        assertThat(resumed.row(4).outputs()).contains("answer 4");
        assertThat(resumed.aggregateScores().require("correctness").passRate()).hasValue(1.0);
        assertThat(resumed.run().judgeCalls()).isEqualTo(7);
        EvalAssertions.assertThat(resumed).noErrors().passRate("correctness").isAtLeast(1.0);

        // nothing left to do: no call at all
        assertThat(evaluation.resume(resumed).rows()).isEqualTo(resumed.rows());
        assertThat(judge.server.requestCount()).isEqualTo(7);
    }

    @Test
    void aStoredRunResumesWithTheSameDataAndRefusesOtherData() {
        InMemoryEvalRunStore store = new InMemoryEvalRunStore();
        AtomicInteger calls = new AtomicInteger();
        Evaluation.Builder builder = Evaluation.builder()
                .data(questions(2))
                .store(store)
                .predictFn(inputs -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("first call fails");
                    }
                    return "answer 0";
                })
                .scorers(Scorers.exactMatch())
                .maxConcurrency(1);
        EvaluationResult first = builder.build().run();
        EvaluationResult stored = store.get(first.run().runId()).orElseThrow();

        EvaluationResult resumed = builder.build().resume(stored);

        assertThat(resumed.row(0).error()).isEmpty();
        assertThat(store.get(first.run().runId()).orElseThrow().rows()).isEqualTo(resumed.rows());
        assertThat(store.run(first.run().runId()).orElseThrow().status()).isEqualTo(EvalStatus.FINISHED);
        assertThatThrownBy(() -> builder.data(questions(3)).build().resume(stored))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("evaluated another dataset");
    }
}
