package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deleting a trace removes its spans and tags; retention removes exactly the traces that started before. */
interface RetentionContract extends StoreAccess {

    @Test
    default void deletesTracesWithTheirSpansAndTagsCountingOnlyThoseThatExisted() {
        Trace gone = Traces.chat().failedAttempts(1).tag("a", "1").build();
        Trace kept = Traces.chat().tag("a", "1").build();
        write(gone, kept);

        int deleted = store().delete(List.of(gone.traceId(), gone.traceId(), "tr-ffffffffffffffffffffffffffffffff"));

        assertThat(deleted).isEqualTo(1);
        assertThat(store().get(gone.traceId())).isEmpty();
        assertThat(store().get(kept.traceId())).contains(kept);
        assertThat(number("SELECT COUNT(*) FROM spans")).isEqualTo(kept.spans().size());
        assertThat(number("SELECT COUNT(*) FROM trace_tags"))
                .isEqualTo(kept.info().tags().size());
        assertThat(store().delete(List.of())).isZero();
    }

    @Test
    default void countsTheTracesItHoldsAfterWritesAndDeletes() {
        assertThat(store().countTraces()).isZero();
        Trace first = Traces.chat().build();
        write(first, Traces.chat().build(), Traces.chat().failedAttempts(2).build());
        assertThat(store().countTraces()).isEqualTo(3);

        store().delete(List.of(first.traceId()));

        assertThat(store().countTraces()).isEqualTo(2);
    }

    @Test
    default void acceptsADeletedTraceIdAgain() {
        Trace trace = Traces.chat().build();
        write(trace);
        store().delete(List.of(trace.traceId()));

        write(trace);

        assertThat(store().get(trace.traceId())).contains(trace);
    }

    @Test
    default void deletesOnlyTracesThatStartedBeforeTheCutoff() {
        Trace old = Traces.chat().start(Traces.T0.minusSeconds(86_400)).build();
        Trace justBefore = Traces.chat().start(Traces.T0.minusNanos(1)).build();
        Trace atCutoff = Traces.chat().start(Traces.T0).build();
        Trace recent = Traces.chat().start(Traces.T0.plusSeconds(5)).build();
        write(old, justBefore, atCutoff, recent);

        int deleted = store().deleteOlderThan(Traces.T0);

        assertThat(deleted).isEqualTo(2);
        assertThat(ids(TraceQuery.all())).containsExactly(recent.traceId(), atCutoff.traceId());
        assertThat(number("SELECT COUNT(*) FROM spans"))
                .isEqualTo(atCutoff.spans().size() + recent.spans().size());
        assertThat(store().deleteOlderThan(Traces.T0)).isZero();
    }
}
