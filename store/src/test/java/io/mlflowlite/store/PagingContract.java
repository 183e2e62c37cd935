package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TraceQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Page tokens walk every match exactly once, newest first, even while traces are being written. */
interface PagingContract extends StoreAccess {

    @Test
    default void walksEveryTraceOnceAcrossPagesIncludingTiesInStartTime() {
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // Groups of three share a start time, so page boundaries fall inside ties.
            traces.add(Traces.chat().start(Traces.T0.plusMillis(i / 3)).build());
        }
        store().write(traces);
        List<String> expected = traces.stream()
                .sorted(Comparator.comparing((Trace t) -> t.info().startTime())
                        .thenComparing(Trace::traceId)
                        .reversed())
                .map(Trace::traceId)
                .toList();

        List<String> seen = new ArrayList<>();
        TraceQuery query = TraceQuery.builder().pageSize(5).build();
        TracePage page = store().search(query);
        int pages = 1;
        seen.addAll(page.traces().stream().map(t -> t.traceId()).toList());
        while (page.nextPageToken().isPresent()) {
            assertThat(page.traces()).hasSize(5);
            page = store().search(query.toBuilder()
                    .pageToken(page.nextPageToken().get())
                    .build());
            seen.addAll(page.traces().stream().map(t -> t.traceId()).toList());
            pages++;
        }

        assertThat(pages).isEqualTo(5);
        assertThat(page.traces()).hasSize(3);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    default void givesNoTokenWhenTheLastPageIsExactlyFull() {
        store().write(List.of(Traces.chat().build(), Traces.chat().build()));

        TracePage page = store().search(TraceQuery.builder().pageSize(2).build());

        assertThat(page.traces()).hasSize(2);
        assertThat(page.nextPageToken()).isEmpty();
    }

    @Test
    default void pagesWithFiltersApplied() {
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            traces.add(Traces.chat()
                    .start(Traces.T0.plusSeconds(i))
                    .model(i % 2 == 0 ? "even" : "odd")
                    .build());
        }
        store().write(traces);

        List<String> even = ids(TraceQuery.builder().model("even").pageSize(4).build());

        assertThat(even)
                .containsExactlyElementsOf(traces.reversed().stream()
                        .filter(t -> "even".equals(t.info().model()))
                        .map(Trace::traceId)
                        .toList());
    }

    @Test
    default void newerTracesWrittenWhilePagingNeitherRepeatNorShiftLaterPages() {
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            traces.add(Traces.chat().start(Traces.T0.plusSeconds(i)).build());
        }
        store().write(traces);
        TraceQuery query = TraceQuery.builder().pageSize(4).build();
        TracePage first = store().search(query);

        store().write(List.of(Traces.chat().start(Traces.T0.plusSeconds(100)).build()));
        TracePage second = store().search(query.toBuilder()
                .pageToken(first.nextPageToken().orElseThrow())
                .build());

        assertThat(second.traces())
                .extracting(t -> t.traceId())
                .containsExactly(
                        traces.get(5).traceId(),
                        traces.get(4).traceId(),
                        traces.get(3).traceId(),
                        traces.get(2).traceId());
    }

    @Test
    default void rejectsAPageTokenItDidNotHandOut() {
        assertThatThrownBy(() -> store().search(
                                TraceQuery.builder().pageToken("not-a-token").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid page token");
    }
}
