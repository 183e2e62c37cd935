package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.Feedback;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EvalRunStore} must do; the in-memory store runs it here, the store module's JDBC stores run it
 * on SQLite and PostgreSQL (this class ships in the core tests jar).
 */
public abstract class EvalRunStoreContract {
    protected EvalRunStore store;

    /** A new, empty store. */
    protected abstract EvalRunStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** A finished run with every field set, values that read back equal through JSON. */
    public static EvalRun run(String id, String name, Instant started) {
        return EvalRun.builder()
                .runId(id)
                .name(name)
                .status(EvalStatus.FINISHED)
                .datasetFingerprint("ab".repeat(32))
                .rowCount(2)
                .model(Optional.of("mock/pro"))
                .promptVersion(Optional.of("prompts:/qa/3"))
                .scorers(List.of("correctness", "is_concise"))
                .judgeModel(Optional.of("local/judge"))
                .startedAt(started)
                .endedAt(Optional.of(started.plusSeconds(42)))
                .appUsage(new EvalUsage(1200, 340, new BigDecimal("0.004215")))
                .judgeUsage(new EvalUsage(900, 120, new BigDecimal("0.000315")))
                .judgeCalls(7)
                .judgeCacheHits(3)
                .params(Map.of("seed", "7", "judging", "offline"))
                .tags(Map.of("candidate", "mock/pro"))
                .build();
    }

    /** A row with nested inputs, an object output, every feedback status and metadata. */
    public static RowResult row(int index) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("question", "What is the capital of France? #" + index);
        inputs.put("history", List.of("hi", Map.of("role", "user")));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("answer", "Paris");
        output.put("score", new BigDecimal("0.83"));
        output.put("n", 3);
        List<Feedback> feedbacks = List.of(
                new Feedback(
                        "correctness",
                        "yes",
                        "matches",
                        "LLM_JUDGE:local/judge",
                        Feedback.Status.OK,
                        Map.of(Feedback.SCORER, "correctness", Feedback.OFFLINE, "true")),
                new Feedback("is_concise", true, "", "CODE:is_concise"),
                new Feedback("similarity", new BigDecimal("0.9125"), "cosine", "CODE:similarity"),
                Feedback.skippedNeeds("exact_match", "CODE:exact_match", "expectations.expected_response"),
                Feedback.error("safety", "LLM_JUDGE:local/judge", "judge answered non-JSON twice"));
        return new RowResult(
                index,
                inputs,
                Optional.of(output),
                Map.of("expected_facts", List.of("Paris")),
                Optional.of("tr-" + "0".repeat(31) + index),
                feedbacks,
                Optional.empty(),
                Duration.ofNanos(1_234_567_891L),
                new EvalUsage(10, 5, new BigDecimal("0.0001")),
                new EvalUsage(30, 8, BigDecimal.ZERO));
    }

    @Test
    void readsBackTheRunAndItsRowsEqual() {
        EvalRun run = run("er-1", "baseline", Instant.parse("2026-01-02T03:04:05.123456Z"));
        store.saveRun(run);
        store.saveRows("er-1", List.of(row(1), row(0)));

        assertThat(store.run("er-1")).contains(run);
        assertThat(store.rows("er-1")).containsExactly(row(0), row(1));
        EvaluationResult result = store.get("er-1").orElseThrow();
        assertThat(result.rows()).extracting(RowResult::index).containsExactly(0, 1);
        assertThat(result.aggregateScores().require("correctness").passRate()).hasValue(1.0);
    }

    @Test
    void aRowWithoutOutputsAndWithAPredictionErrorReadsBackEqual() {
        store.saveRun(run("er-1", "baseline", Instant.parse("2026-01-02T03:04:05Z")));
        RowResult failed = new RowResult(
                0,
                Map.of("question", "q"),
                Optional.empty(),
                Map.of(),
                Optional.empty(),
                List.of(Feedback.error("correctness", "LLM_JUDGE:x", "not scored: predict failed")),
                Optional.of("IllegalStateException: boom"),
                Duration.ZERO,
                EvalUsage.ZERO,
                EvalUsage.ZERO);
        store.saveRows("er-1", List.of(failed));

        assertThat(store.rows("er-1")).containsExactly(failed);
    }

    @Test
    void savingARunAgainReplacesItAndSavingRowsAgainReplacesThemByIndex() {
        Instant started = Instant.parse("2026-01-02T03:04:05Z");
        EvalRun running = run("er-1", "baseline", started).withStatus(EvalStatus.RUNNING, null);
        store.saveRun(running);
        store.saveRows("er-1", List.of(row(0), row(1)));
        EvalRun finished = running.withStatus(EvalStatus.FINISHED, started.plusSeconds(9))
                .withTotals(new EvalUsage(1, 2, new BigDecimal("0.5")), EvalUsage.ZERO, 1, 0);
        RowResult redone = row(1).withFeedbacks(
                        List.of(new Feedback("correctness", "no", "wrong", "LLM_JUDGE:m")), EvalUsage.ZERO);
        store.saveRun(finished);
        store.saveRows("er-1", List.of(redone));

        assertThat(store.run("er-1")).contains(finished);
        assertThat(store.rows("er-1")).containsExactly(row(0), redone);
        assertThat(store.recent(10)).hasSize(1);
    }

    @Test
    void unknownRunsReadAsEmptyAndRowsOfAnUnsavedRunAreRefused() {
        assertThat(store.run("er-missing")).isEmpty();
        assertThat(store.rows("er-missing")).isEmpty();
        assertThat(store.get("er-missing")).isEmpty();
        assertThatThrownBy(() -> store.saveRows("er-missing", List.of(row(0))))
                .isInstanceOf(EvalRunStoreException.class)
                .hasMessageContaining("er-missing");
    }

    @Test
    void recentListsNewestFirstAndSearchMatchesNamesIgnoringCase() {
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        store.saveRun(run("er-a", "Baseline gpt-4o", t));
        store.saveRun(run("er-b", "candidate mock/pro", t.plusSeconds(60)));
        store.saveRun(run("er-c", "baseline mock/mini", t.plusSeconds(120)));

        assertThat(store.recent(2)).extracting(EvalRun::runId).containsExactly("er-c", "er-b");
        assertThat(store.recent(10)).extracting(EvalRun::runId).containsExactly("er-c", "er-b", "er-a");
        assertThat(store.searchByName("BASELINE", 10))
                .extracting(EvalRun::runId)
                .containsExactly("er-c", "er-a");
        assertThat(store.searchByName("", 1)).extracting(EvalRun::runId).containsExactly("er-c");
        assertThat(store.searchByName("nothing", 10)).isEmpty();
    }

    @Test
    void rowsSavedFromManyThreadsAtOnceAreAllKept() throws Exception {
        store.saveRun(run("er-1", "concurrent", Instant.parse("2026-01-02T03:04:05Z")));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> saves = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int index = i;
                saves.add(executor.submit(() -> store.saveRows("er-1", List.of(row(index)))));
            }
            for (Future<?> save : saves) {
                save.get();
            }
        }
        assertThat(store.rows("er-1"))
                .extracting(RowResult::index)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 64).boxed().toList());
    }
}
