package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.limits.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run's judge calls: cached and deduplicated, bounded in flight, paced per minute, stopped at the cost cap. */
class JudgeLimitsTest {
    private final JudgeUpstream judge = new JudgeUpstream();

    @AfterEach
    void close() {
        judge.close();
    }

    private static Dataset rows(int n, boolean identical) {
        return Dataset.of(IntStream.range(0, n)
                .mapToObj(i -> EvalRow.builder()
                        .input("question", identical ? "What is the capital of France?" : "Question " + i)
                        .outputs("Paris")
                        .expectedResponse("Paris")
                        .build())
                .toList());
    }

    @Test
    void identicalConcurrentJudgeCallsAreOneRequestOnTheServer() {
        // the one answer is held back, so the other five identical calls arrive while it is in flight
        judge.server.enqueue(JudgeUpstream.answer("judge-yes.json").headersDelay(Duration.ofMillis(300)));

        EvaluationResult result = Evaluation.builder()
                .data(rows(6, true))
                .scorers(new Correctness())
                .gateway(judge.gateway)
                .judgeModel(JudgeUpstream.MODEL)
                .maxConcurrency(6)
                .build()
                .run();

        assertThat(judge.server.requestCount()).isEqualTo(1);
        assertThat(result.rows())
                .allSatisfy(
                        r -> assertThat(r.feedback("correctness").orElseThrow().value())
                                .isEqualTo("yes"));
        assertThat(result.run().judgeCalls()).isEqualTo(1);
        assertThat(result.run().judgeCacheHits()).isEqualTo(5);
        // only the row whose call was made is charged
        assertThat(result.rows().stream().filter(r -> r.judgeUsage().totalTokens() > 0))
                .hasSize(1);
        assertThat(result.run().judgeUsage().totalTokens()).isEqualTo(2500);
    }

    @Test
    void identicalSequentialJudgeCallsHitTheCache() {
        judge.server.enqueue(JudgeUpstream.answer("judge-yes.json"));

        EvaluationResult result = Evaluation.builder()
                .data(rows(3, true))
                .scorers(new Correctness())
                .gateway(judge.gateway)
                .judgeModel(JudgeUpstream.MODEL)
                .maxConcurrency(1)
                .build()
                .run();

        assertThat(judge.server.requestCount()).isEqualTo(1);
        assertThat(result.run().judgeCacheHits()).isEqualTo(2);
        assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void judgeCallsInFlightNeverExceedMaxConcurrency() {
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        Duration held = Duration.ofMillis(80);
        judge.server.setDispatcher(request -> {
            arrivals.add(System.nanoTime());
            return JudgeUpstream.verdict("yes", "fine").headersDelay(held);
        });

        // two judges per row and two rows at once: without the judge limit four calls would be in flight
        EvaluationResult result = Evaluation.builder()
                .data(rows(8, false))
                .scorers(new Correctness(), new Safety())
                .gateway(judge.gateway)
                .judgeModel(JudgeUpstream.MODEL)
                .maxConcurrency(2)
                .build()
                .run();

        assertThat(result.hasErrors()).isFalse();
        assertThat(arrivals).hasSize(16);
        assertThat(maxOverlap(arrivals, held)).isEqualTo(2);
    }

    /** The most requests whose held answer windows [arrival, arrival + held) overlap. */
    private static int maxOverlap(List<Long> arrivals, Duration held) {
        List<Long> sorted = new ArrayList<>(arrivals);
        Collections.sort(sorted);
        int max = 0;
        for (int i = 0; i < sorted.size(); i++) {
            int open = 0;
            for (int j = 0; j <= i; j++) {
                open += sorted.get(j) + held.toNanos() > sorted.get(i) ? 1 : 0;
            }
            max = Math.max(max, open);
        }
        return max;
    }

    @Test
    void requestsPerMinutePaceJudgeCallsOnTheRunsClock() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
        judge.server.setDispatcher(request -> {
            sentAt.add(clock.nanoTime());
            return JudgeUpstream.verdict("yes", "fine");
        });

        EvaluationResult result = Evaluation.builder()
                .data(rows(4, false))
                .scorers(new Correctness())
                .gateway(judge.gateway)
                .judgeModel(JudgeUpstream.MODEL)
                .maxConcurrency(1)
                .maxRequestsPerMinute(60)
                .timeSource(clock)
                .build()
                .run();

        assertThat(result.hasErrors()).isFalse();
        assertThat(sentAt).containsExactly(0L, 1_000_000_000L, 2_000_000_000L, 3_000_000_000L);
        assertThat(result.run().params()).containsEntry("max_requests_per_minute", "60");
    }

    @Test
    void theCostCapSkipsTheRemainingJudgeFeedbacksAndAResumeWithAHigherCapFillsThem() {
        judge.server.setDispatcher(request -> JudgeUpstream.answer("judge-yes.json"));
        Evaluation.Builder capped = Evaluation.builder()
                .data(rows(5, false))
                .scorers(new Correctness(), Scorers.exactMatch())
                .gateway(judge.gateway)
                .judgeModel(JudgeUpstream.MODEL)
                .maxConcurrency(1)
                .judgeCostCapUsd(new BigDecimal("0.001"));

        EvaluationResult result = capped.build().run();

        // each call costs $0.0006: the third finds $0.0012 spent, at or past the $0.001 cap
        assertThat(judge.server.requestCount()).isEqualTo(2);
        assertThat(result.rows())
                .extracting(r -> r.feedback("correctness").orElseThrow().display())
                .containsExactly("yes", "yes", "skipped", "skipped", "skipped");
        assertThat(result.row(4).feedback("correctness").orElseThrow().rationale())
                .isEqualTo("skipped: judge cost cap $0.001 reached");
        assertThat(result.rows())
                .allSatisfy(
                        r -> assertThat(r.feedback("exact_match").orElseThrow().value())
                                .isEqualTo(true));
        ScoreSummary correctness = result.aggregateScores().require("correctness");
        assertThat(correctness.count()).isEqualTo(2);
        assertThat(correctness.skipped()).isEqualTo(3);
        assertThat(result.run().judgeUsage().costUsd()).isEqualByComparingTo("0.0012");
        assertThat(result.hasErrors()).isFalse();

        EvaluationResult resumed =
                capped.judgeCostCapUsd(new BigDecimal("1.00")).build().resume(result);

        assertThat(judge.server.requestCount()).isEqualTo(5);
        assertThat(resumed.run().runId()).isEqualTo(result.run().runId());
        assertThat(resumed.aggregateScores().require("correctness").count()).isEqualTo(5);
        assertThat(resumed.run().judgeUsage().costUsd()).isEqualByComparingTo("0.0030");
        assertThat(resumed.run().judgeCalls()).isEqualTo(5);
    }
}
