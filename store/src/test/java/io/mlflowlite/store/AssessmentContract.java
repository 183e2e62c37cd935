package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.tracing.Assessment;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Assessments (feedback, scores) on traces: kept whether or not the trace is stored yet, read with the trace, in
 * bulk by trace ids and by trace tags, and deleted with their trace or by retention.
 */
interface AssessmentContract extends StoreAccess {

    private static Assessment assessment(String traceId, String name, Object value, Instant at) {
        return new Assessment(Assessment.newId(), traceId, Feedback.of(name, value, "because", "HUMAN:ana"), at);
    }

    @Test
    default void keepsAnAssessmentLoggedBeforeItsTraceAndShowsItWithTheTraceOnceStored() {
        Trace trace = Traces.chat().build();
        Assessment early = assessment(trace.traceId(), "thumbs_up", true, Traces.T0);

        store().logAssessment(early);
        assertThat(store().get(trace.traceId())).isEmpty();
        assertThat(store().assessments(trace.traceId())).containsExactly(early);

        write(trace);

        Trace read = store().get(trace.traceId()).orElseThrow();
        assertThat(read.assessments()).containsExactly(early);
        assertThat(read.spans()).isEqualTo(trace.spans());
        assertThat(all(TraceQuery.all()).getFirst().assessments()).containsExactly(early);
    }

    @Test
    default void roundTripsEveryValueKindStatusAndMetadataExactly() {
        String id = Traces.traceId();
        Assessment yes = assessment(id, "thumbs_up", true, Traces.T0);
        Assessment score = assessment(id, "quality", new BigDecimal("0.8333333333333333333"), Traces.T0.plusNanos(1));
        Assessment count = assessment(id, "stars", 4L, Traces.T0.plusNanos(2));
        Assessment label = assessment(id, "label", "needs work \u0000 really", Traces.T0.plusNanos(3));
        Assessment failed = new Assessment(
                Assessment.newId(),
                id,
                Feedback.error("correctness", "LLM_JUDGE:mock/pro", "judge answered badly")
                        .withMetadata(Map.of(Feedback.SCORER, "correctness")),
                Traces.T0.plusNanos(4));
        for (Assessment a : List.of(label, failed, yes, count, score)) {
            store().logAssessment(a);
        }

        List<Assessment> read = store().assessments(id);

        assertThat(read).hasSize(5);
        assertThat(read.subList(0, 3)).containsExactly(yes, score, count);
        assertThat(read.get(3)).isEqualTo(label); // the value is JSON text: even a NUL survives, escaped
        assertThat(read.get(4)).isEqualTo(failed);
        assertThat(read.get(4).feedback().isError()).isTrue();
        assertThat(read.get(4).feedback().scorer()).isEqualTo("correctness");
    }

    @Test
    default void replacesAnAssessmentLoggedAgainWithTheSameId() {
        String id = Traces.traceId();
        Assessment first = assessment(id, "thumbs_up", false, Traces.T0);
        Assessment changed = new Assessment(
                first.assessmentId(), id, Feedback.of("thumbs_up", true, "changed my mind", "HUMAN:ana"), Traces.T0);

        store().logAssessment(first);
        store().logAssessment(changed);

        assertThat(store().assessments(id)).containsExactly(changed);
    }

    @Test
    default void readsTheAssessmentsOfManyTracesInOneCallLeavingOutTracesWithout() {
        Trace a = Traces.chat().build();
        Trace b = Traces.chat().build();
        Trace none = Traces.chat().build();
        write(a, b, none);
        Assessment a2 = assessment(a.traceId(), "stars", 2L, Traces.T0.plusSeconds(2));
        Assessment a1 = assessment(a.traceId(), "thumbs_up", true, Traces.T0.plusSeconds(1));
        Assessment b1 = assessment(b.traceId(), "thumbs_up", false, Traces.T0);
        store().logAssessment(a2);
        store().logAssessment(b1);
        store().logAssessment(a1);

        Map<String, List<Assessment>> read =
                store().assessments(List.of(none.traceId(), a.traceId(), b.traceId(), a.traceId()));

        assertThat(read).containsOnlyKeys(a.traceId(), b.traceId());
        assertThat(read.get(a.traceId())).containsExactly(a1, a2);
        assertThat(read.get(b.traceId())).containsExactly(b1);
        assertThat(store().assessments(List.of())).isEmpty();
    }

    @Test
    default void readsTheAssessmentsOfTracesWithGivenTagsForAReportPerVariant() {
        Trace controlA = Traces.chat()
                .tag("mlflowlite.experiment", "tone")
                .tag("mlflowlite.variant", "control")
                .build();
        Trace controlB = Traces.chat()
                .tag("mlflowlite.experiment", "tone")
                .tag("mlflowlite.variant", "control")
                .build();
        Trace treatment = Traces.chat()
                .tag("mlflowlite.experiment", "tone")
                .tag("mlflowlite.variant", "friendly")
                .build();
        Trace otherTest = Traces.chat()
                .tag("mlflowlite.experiment", "length")
                .tag("mlflowlite.variant", "control")
                .build();
        Trace unscored = Traces.chat()
                .tag("mlflowlite.experiment", "tone")
                .tag("mlflowlite.variant", "control")
                .build();
        write(controlA, controlB, treatment, otherTest, unscored);
        Assessment ca = assessment(controlA.traceId(), "thumbs_up", true, Traces.T0);
        Assessment cb = assessment(controlB.traceId(), "thumbs_up", false, Traces.T0);
        Assessment t = assessment(treatment.traceId(), "thumbs_up", true, Traces.T0);
        Assessment o = assessment(otherTest.traceId(), "thumbs_up", true, Traces.T0);
        Assessment pending = assessment(Traces.traceId(), "thumbs_up", true, Traces.T0);
        for (Assessment a : List.of(ca, cb, t, o, pending)) {
            store().logAssessment(a);
        }

        Map<String, List<Assessment>> control =
                store().assessmentsWithTags(Map.of("mlflowlite.experiment", "tone", "mlflowlite.variant", "control"));
        Map<String, List<Assessment>> wholeTest = store().assessmentsWithTags(Map.of("mlflowlite.experiment", "tone"));

        assertThat(control).containsOnlyKeys(controlA.traceId(), controlB.traceId());
        assertThat(control.get(controlA.traceId())).containsExactly(ca);
        assertThat(control.get(controlB.traceId())).containsExactly(cb);
        assertThat(wholeTest).containsOnlyKeys(controlA.traceId(), controlB.traceId(), treatment.traceId());
        assertThatThrownBy(() -> store().assessmentsWithTags(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one tag");
    }

    @Test
    default void deletingATraceDeletesItsAssessments() {
        Trace gone = Traces.chat().build();
        Trace kept = Traces.chat().build();
        write(gone, kept);
        store().logAssessment(assessment(gone.traceId(), "thumbs_up", true, Traces.T0));
        Assessment stays = assessment(kept.traceId(), "thumbs_up", true, Traces.T0);
        store().logAssessment(stays);

        store().delete(List.of(gone.traceId()));

        assertThat(store().assessments(gone.traceId())).isEmpty();
        assertThat(store().assessments(kept.traceId())).containsExactly(stays);
        assertThat(number("SELECT COUNT(*) FROM assessments")).isEqualTo(1);
    }

    @Test
    default void retentionDeletesTheAssessmentsOfOldTracesAndOldAssessmentsWhoseTraceNeverArrived() {
        Trace old = Traces.chat().start(Traces.T0.minusSeconds(60)).build();
        Trace recent = Traces.chat().start(Traces.T0.plusSeconds(60)).build();
        write(old, recent);
        store().logAssessment(assessment(old.traceId(), "thumbs_up", true, Traces.T0.plusSeconds(120)));
        Assessment onRecent = assessment(recent.traceId(), "thumbs_up", true, Traces.T0.minusSeconds(120));
        String neverArrived = Traces.traceId();
        store().logAssessment(assessment(neverArrived, "thumbs_up", true, Traces.T0.minusSeconds(1)));
        String stillComing = Traces.traceId();
        Assessment waiting = assessment(stillComing, "thumbs_up", true, Traces.T0);
        store().logAssessment(onRecent);
        store().logAssessment(waiting);

        int deleted = store().deleteOlderThan(Traces.T0);

        assertThat(deleted).isEqualTo(1);
        assertThat(store().assessments(old.traceId())).isEmpty();
        assertThat(store().assessments(neverArrived)).isEmpty();
        assertThat(store().assessments(recent.traceId())).containsExactly(onRecent);
        assertThat(store().assessments(stillComing)).containsExactly(waiting);
    }

    @Test
    default void aTraceWithoutAssessmentsReadsAsWritten() {
        Trace trace = Traces.chat().build();
        write(trace);

        TraceInfo info = store().get(trace.traceId()).orElseThrow().info();

        assertThat(info.assessments()).isEmpty();
        assertThat(info).isEqualTo(trace.info());
    }
}
