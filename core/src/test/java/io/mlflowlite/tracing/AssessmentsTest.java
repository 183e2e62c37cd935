package io.mlflowlite.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.gateway.Gateway;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Assessments through {@link Tracing} and in the {@link InMemoryTraceStore}. */
class AssessmentsTest {
    private final InMemoryTraceStore store = new InMemoryTraceStore(100);
    private final Tracing tracing = Tracing.builder().store(store).build();
    private final Gateway gateway = Gateway.builder().tracing(tracing).build();

    @AfterEach
    void close() {
        gateway.close();
        tracing.close();
    }

    private String call() {
        ChatResponse response = gateway.completion(ChatRequest.of("mock/echo", "hello"));
        return response.traceId().orElseThrow();
    }

    @Test
    void feedbackOnAJustFinishedCallIsStoredAndShowsWithTheTraceBeforeAndAfterTheWriterStoredIt() {
        String traceId = call();

        Assessment logged = tracing.logAssessment(traceId, Feedback.of("thumbs_up", true, "great", "HUMAN:ana"));

        assertThat(logged.traceId()).isEqualTo(traceId);
        assertThat(logged.assessmentId()).matches("a-[0-9a-f]{32}");
        assertThat(tracing.getTrace(traceId).orElseThrow().assessments()).containsExactly(logged);
        tracing.flush(Duration.ofSeconds(5));
        assertThat(store.get(traceId).orElseThrow().assessments()).containsExactly(logged);
        assertThat(tracing.assessments(traceId)).containsExactly(logged);
    }

    @Test
    void refusesFeedbackOnATraceNoOneRecorded() {
        assertThatThrownBy(() -> tracing.logAssessment(
                        "tr-00000000000000000000000000000001", Feedback.of("thumbs_up", true, "", "HUMAN")))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("No trace tr-00000000000000000000000000000001");
        assertThat(store.assessments("tr-00000000000000000000000000000001")).isEmpty();
    }

    @Test
    void refusesFeedbackWithoutAStore() {
        try (Tracing off = Tracing.builder().build()) {
            assertThatThrownBy(() -> off.logAssessment("tr-1", Feedback.of("x", 1, "", "HUMAN")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("no store");
        }
    }

    @Test
    void inMemoryStoreKeepsEarlyAssessmentsReadsThemInBulkAndByTagAndDropsThemWithTheirTrace() {
        String early = "tr-" + "a".repeat(32);
        Assessment first =
                new Assessment(Assessment.newId(), early, Feedback.of("stars", 3, "", "HUMAN"), Instant.EPOCH);
        store.logAssessment(first);
        Trace trace = new Trace(
                TraceInfo.builder()
                        .traceId(early)
                        .experiment("e")
                        .startTime(Instant.EPOCH)
                        .duration(Duration.ZERO)
                        .state(TraceState.OK)
                        .tags(Map.of("mlflowlite.experiment", "tone", "mlflowlite.variant", "control"))
                        .build(),
                List.of());
        assertThat(store.assessmentsWithTags(Map.of("mlflowlite.experiment", "tone")))
                .isEmpty();

        store.write(List.of(trace));

        assertThat(store.get(early).orElseThrow().assessments()).containsExactly(first);
        assertThat(store.search(TraceQuery.all()).traces().getFirst().assessments())
                .containsExactly(first);
        assertThat(store.assessments(List.of(early, "tr-none"))).containsOnlyKeys(early);
        assertThat(store.assessmentsWithTags(Map.of("mlflowlite.variant", "control")))
                .containsEntry(early, List.of(first));
        assertThat(store.assessmentsWithTags(Map.of("mlflowlite.variant", "friendly")))
                .isEmpty();
        store.delete(List.of(early));
        assertThat(store.assessments(early)).isEmpty();
    }

    @Test
    void assessmentsSurviveTheTraceJsonRoundTripWithExactValues() {
        Trace trace = new Trace(
                TraceInfo.builder()
                        .traceId("tr-" + "b".repeat(32))
                        .experiment("e")
                        .startTime(Instant.EPOCH)
                        .duration(Duration.ZERO)
                        .state(TraceState.OK)
                        .assessments(List.of(
                                new Assessment(
                                        Assessment.newId(),
                                        "tr-" + "b".repeat(32),
                                        Feedback.of("quality", new BigDecimal("0.75"), "ok", "CODE:q"),
                                        Instant.EPOCH.plusNanos(5)),
                                new Assessment(
                                        Assessment.newId(),
                                        "tr-" + "b".repeat(32),
                                        Feedback.skippedNeeds("correctness", "LLM_JUDGE:m", "expected_response"),
                                        Instant.EPOCH)))
                        .build(),
                List.of());

        assertThat(TraceJson.fromJson(TraceJson.toJson(trace))).isEqualTo(trace);
    }
}
