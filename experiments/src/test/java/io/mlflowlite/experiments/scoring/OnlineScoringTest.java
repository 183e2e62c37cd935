package io.mlflowlite.experiments.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.eval.Requirement;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.tracing.Assessment;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Tracing;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Online scoring on a real gateway (simulated models), with deterministic code scorers. */
class OnlineScoringTest {
    private final InMemoryTraceStore store = new InMemoryTraceStore(1000);
    private final Tracing tracing = Tracing.builder().store(store).build();
    private final Gateway gateway = Gateway.builder().tracing(tracing).build();

    private static final Scorer SHORT =
            Scorer.of("is_short", outputs -> outputs.toString().length() < 10_000);

    @AfterEach
    void close() {
        gateway.close();
        tracing.close();
    }

    private String call(String text) {
        return call(ChatRequest.of("mock/echo", text));
    }

    private String call(ChatRequest request) {
        ChatResponse response = gateway.completion(request);
        return response.traceId().orElseThrow();
    }

    @Test
    void scoresExactlyTheDeterministicSampleAndAttachesEachScoreToItsTrace() {
        OnlineScoring scoring =
                OnlineScoring.builder().scorers(SHORT).sampleRate(0.3).attach(gateway);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(call("question " + i));
        }
        scoring.flush(Duration.ofSeconds(30));

        List<String> expected =
                ids.stream().filter(id -> OnlineScoring.sampled(id, 0.3)).toList();
        assertThat(expected).isNotEmpty().hasSizeLessThan(ids.size());
        for (String id : ids) {
            List<Assessment> got = store.assessments(id);
            if (expected.contains(id)) {
                assertThat(got).singleElement().satisfies(a -> {
                    assertThat(a.name()).isEqualTo("is_short");
                    assertThat(a.value()).isEqualTo(true);
                    assertThat(a.source()).isEqualTo("CODE:is_short");
                    assertThat(a.feedback().metadata())
                            .containsEntry(OnlineScoring.ORIGIN, OnlineScoring.ONLINE)
                            .containsEntry(Feedback.SCORER, "is_short");
                });
            } else {
                assertThat(got).isEmpty();
            }
        }
        OnlineScoringStats stats = scoring.stats();
        assertThat(stats.seen()).isEqualTo(60);
        assertThat(stats.sampled()).isEqualTo(expected.size());
        assertThat(stats.scored()).isEqualTo(expected.size());
        assertThat(stats.assessments()).isEqualTo(expected.size());
        assertThat(stats.dropped()).isZero();
    }

    @Test
    void scoreNowFillsTheResponsesScoresAndAttachesThemToItsTrace() {
        OnlineScoring scoring = OnlineScoring.builder()
                .scorers(SHORT)
                .sampleRate(0.0) // nothing in the background: only the synchronous call scores
                .attach(gateway);
        ChatResponse response = gateway.completion(ChatRequest.of("mock/echo", "hello"));
        io.mlflowlite.tracing.Trace trace =
                tracing.getTrace(response.traceId().orElseThrow()).orElseThrow();

        ChatResponse scored = scoring.scoreNow(response, trace);

        assertThat(scored.scores()).containsKey("is_short");
        assertThat(scored.scores().get("is_short").value()).isEqualTo(true);
        assertThat(store.assessments(trace.traceId()))
                .extracting(Assessment::name)
                .containsExactly("is_short");
        assertThat(response.scores()).isEmpty(); // responses stay immutable
        ChatResponse other = gateway.completion(ChatRequest.of("mock/echo", "another"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scoring.scoreNow(other, trace))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the response's own trace");
    }

    @Test
    void theSampleIsAFractionOfTheRateAndTheSameEveryTime() {
        int in = 0;
        for (int i = 0; i < 20_000; i++) {
            String id = io.mlflowlite.tracing.Ids.traceId();
            boolean first = OnlineScoring.sampled(id, 0.25);
            assertThat(OnlineScoring.sampled(id, 0.25)).isEqualTo(first);
            in += first ? 1 : 0;
        }
        // 20 000 draws at p = 0.25: the standard deviation is about 61, so ±400 is more than 6 of them
        assertThat(in).isBetween(4_600, 5_400);
        assertThat(OnlineScoring.sampled("tr-" + "f".repeat(32), 1.0)).isTrue();
        assertThat(OnlineScoring.sampled("tr-" + "0".repeat(32), 0.0)).isFalse();
    }

    @Test
    void scoresOnlyTheCallsOfTheConfiguredExperimentAndSkipsScorersNeedingExpectations() {
        Scorer needsExpected = Scorer.ofInput(
                "matches_expected", List.of(Requirement.of("expectations.expected_response")), in -> true);
        OnlineScoring scoring = OnlineScoring.builder()
                .scorers(SHORT, needsExpected)
                .experiment("tone")
                .attach(gateway);

        String inTest = call(ChatRequest.of("mock/echo", "hi").toBuilder()
                .metadata("mlflowlite.experiment", "tone")
                .metadata("mlflowlite.variant", "friendly")
                .build());
        String otherTest = call(ChatRequest.of("mock/echo", "hi").toBuilder()
                .metadata("mlflowlite.experiment", "length")
                .build());
        String plain = call("hi");
        scoring.flush(Duration.ofSeconds(30));

        assertThat(store.assessments(inTest)).extracting(Assessment::name).containsExactly("is_short");
        assertThat(store.assessments(otherTest)).isEmpty();
        assertThat(store.assessments(plain)).isEmpty();
        assertThat(scoring.stats().skipped()).isEqualTo(1);
        tracing.flush(Duration.ofSeconds(5));
        assertThat(store.assessmentsWithTags(java.util.Map.of("mlflowlite.variant", "friendly")))
                .containsOnlyKeys(inTest);
    }

    /** A scorer that counts {@code started} down and then waits for {@code release}. */
    private static Scorer stuck(CountDownLatch started, CountDownLatch release) {
        return Scorer.of("slow", outputs -> {
            started.countDown();
            release.await();
            return 1;
        });
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlockingTheCall() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Scorer slow = stuck(started, release);
        OnlineScoring scoring = OnlineScoring.builder()
                .scorers(slow)
                .queueCapacity(1)
                .maxConcurrency(1)
                .attach(gateway);

        call("first");
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 4; i++) {
            call("more " + i); // returns although the worker is stuck: one queued, three dropped
        }
        assertThat(scoring.stats().dropped()).isEqualTo(3);
        release.countDown();
        scoring.flush(Duration.ofSeconds(30));

        assertThat(scoring.stats().scored()).isEqualTo(2);
        assertThat(scoring.stats().sampled()).isEqualTo(5);
    }

    @Test
    void aQueueFullByTextDropsTheCallThatWouldPassItButTakesSmallerOnes() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Scorer slow = stuck(started, release);
        OnlineScoring scoring = OnlineScoring.builder()
                .scorers(slow)
                .queueChars(20_000)
                .maxConcurrency(1)
                .attach(gateway);

        call("first");
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        call("x".repeat(6_000)); // echoed: about 12,000 characters of span text, queued
        call("y".repeat(6_000)); // would pass 20,000: dropped
        call("small"); // still fits
        assertThat(scoring.stats().dropped()).isEqualTo(1);
        release.countDown();
        scoring.flush(Duration.ofSeconds(30));

        assertThat(scoring.stats().scored()).isEqualTo(3);
        assertThat(scoring.stats().sampled()).isEqualTo(4);
    }

    @Test
    void aScorerThatThrowsLeavesAnErrorAssessmentAndJudgeCallsAreNotScoredThemselves() {
        Scorer broken = Scorer.of("broken", outputs -> {
            throw new IllegalStateException("no luck");
        });
        Scorer asksAModel = Scorer.ofInput(
                "asks",
                List.of(),
                in -> in.context()
                        .complete(ChatRequest.of("mock/echo", "judge this"))
                        .content()
                        .length());
        OnlineScoring scoring = OnlineScoring.builder()
                .scorers(broken, asksAModel)
                .maxJudgeUsdPerDay(new BigDecimal("1"))
                .attach(gateway);

        String id = call("hello");
        scoring.flush(Duration.ofSeconds(30));
        tracing.flush(Duration.ofSeconds(5));

        List<Assessment> got = store.assessments(id);
        assertThat(got).extracting(Assessment::name).containsExactlyInAnyOrder("broken", "asks");
        Assessment error =
                got.stream().filter(a -> a.name().equals("broken")).findFirst().orElseThrow();
        assertThat(error.feedback().isError()).isTrue();
        assertThat(error.feedback().rationale()).contains("no luck");
        // the scorer's own model call was traced, but not scored: the store holds 2 traces and 2 assessments
        assertThat(store.countTraces()).isEqualTo(2);
        assertThat(scoring.stats().seen()).isEqualTo(2);
        assertThat(scoring.stats().scored()).isEqualTo(1);
    }

    @Test
    void aSpentJudgeBudgetSkipsJudgeBackedScorersUntilTheNextWindow() {
        Scorer asksAModel = Scorer.ofInput(
                "asks",
                List.of(),
                in -> in.context()
                        .complete(ChatRequest.of("mock/echo", "judge this"))
                        .content()
                        .length());
        OnlineScoring scoring = OnlineScoring.builder()
                .scorers(asksAModel, SHORT)
                .maxJudgeUsdPerHour(BigDecimal.ZERO)
                .attach(gateway);

        String id = call("hello");
        scoring.flush(Duration.ofSeconds(30));

        assertThat(store.assessments(id)).extracting(Assessment::name).containsExactly("is_short");
        assertThat(scoring.stats().overBudget()).isEqualTo(1);
    }
}
