package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TracePoint;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceSort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the web UI's trace list asks of a store: orders by cost and latency with paging that neither repeats nor
 * skips, and the filters by endpoint, text, linked prompt version and absent tag; the overview's points.
 */
interface UiQueryContract extends StoreAccess {

    @Test
    default void ordersByCostAndLatencyAcrossPagesWithTiesBrokenByTime() {
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            traces.add(Traces.chat()
                    .start(Traces.T0.plusSeconds(i))
                    // costs repeat (ties) and differ in length as text ("0.0001" < "0.00009" would sort wrongly)
                    .cost(i % 5 == 0 ? "0.00009" : "0.000" + (10 + i % 7))
                    .duration(Duration.ofMillis(100 + (i * 37) % 400))
                    .build());
        }
        write(traces.toArray(Trace[]::new));

        for (TraceSort sort : TraceSort.values()) {
            List<String> paged = ids(TraceQuery.builder().sort(sort).pageSize(4).build());
            List<String> expected = traces.stream()
                    .map(Trace::info)
                    .sorted(comparator(sort))
                    .map(i -> i.traceId())
                    .toList();
            assertThat(paged).as(sort.name()).containsExactlyElementsOf(expected);
        }
    }

    private static java.util.Comparator<io.mlflowlite.tracing.TraceInfo> comparator(TraceSort sort) {
        java.util.Comparator<io.mlflowlite.tracing.TraceInfo> time = java.util.Comparator.comparing(
                        io.mlflowlite.tracing.TraceInfo::startTime)
                .thenComparing(io.mlflowlite.tracing.TraceInfo::traceId);
        java.util.Comparator<io.mlflowlite.tracing.TraceInfo> asc = switch (sort) {
            case NEWEST, OLDEST -> time;
            case COST_ASC, COST_DESC ->
                java.util.Comparator.comparing(io.mlflowlite.tracing.TraceInfo::cost)
                        .thenComparing(time);
            case LATENCY_ASC, LATENCY_DESC ->
                java.util.Comparator.comparing(io.mlflowlite.tracing.TraceInfo::duration)
                        .thenComparing(time);
        };
        return sort.descending() ? asc.reversed() : asc;
    }

    @Test
    default void aPageTokenBelongsToItsOrder() {
        write(Traces.chat().build(), Traces.chat().build());
        TracePage first = store().search(TraceQuery.builder()
                .sort(TraceSort.COST_DESC)
                .pageSize(1)
                .build());
        assertThatThrownBy(() -> store().search(TraceQuery.builder()
                        .sort(TraceSort.LATENCY_ASC)
                        .pageToken(first.nextPageToken().orElseThrow())
                        .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another order");
    }

    @Test
    default void filtersByEndpointTextLinkedPromptAndAbsentTags() {
        Trace support = Traces.chat()
                .endpoint("support")
                .question("How many legs does a Spider have?")
                .build();
        Trace billing = Traces.chat()
                .endpoint("billing")
                .answer("100% of it, under_score")
                .tag("mlflow.linkedPrompts", "[{\"name\":\"qa\",\"version\":\"3\"},{\"name\":\"b\",\"version\":\"1\"}]")
                .build();
        Trace judge = Traces.chat().tag("mlflowlite.eval.judge", "guidelines").build();
        write(support, billing, judge);

        assertThat(ids(TraceQuery.builder().endpoint("support").build())).containsExactly(support.traceId());
        assertThat(ids(TraceQuery.builder().text("spider").build())).containsExactly(support.traceId());
        assertThat(ids(TraceQuery.builder().text("100%").build())).containsExactly(billing.traceId());
        assertThat(ids(TraceQuery.builder().text("r_s").build())).containsExactly(billing.traceId());
        assertThat(ids(TraceQuery.builder().text("10_%").build())).isEmpty();
        assertThat(ids(TraceQuery.builder().linkedPrompt("qa", 3).build())).containsExactly(billing.traceId());
        assertThat(ids(TraceQuery.builder().linkedPrompt("qa", 31).build())).isEmpty();
        assertThat(ids(TraceQuery.builder().linkedPrompt("q", 3).build())).isEmpty();
        assertThat(ids(TraceQuery.builder().withoutTag("mlflowlite.eval.judge").build()))
                .containsExactlyInAnyOrder(support.traceId(), billing.traceId());
    }

    @Test
    default void pointsAreTheWindowsTracesOldestFirstWithTheirEndpoint() {
        Trace before = Traces.chat().start(Traces.T0.minusSeconds(1)).build();
        Trace first =
                Traces.chat().start(Traces.T0).endpoint("support").cost("0.25").build();
        Trace judge = Traces.chat()
                .start(Traces.T0.plusSeconds(1))
                .tag("mlflowlite.eval.judge", "x")
                .build();
        Trace last = Traces.chat()
                .start(Traces.T0.plusSeconds(2))
                .state(io.mlflowlite.tracing.TraceState.ERROR)
                .build();
        write(before, first, judge, last);

        List<TracePoint> points =
                store().points(Traces.T0, Traces.T0.plusSeconds(60), Set.of("mlflowlite.eval.judge"), 10);
        assertThat(points).hasSize(2);
        assertThat(points.get(0).endpoint()).isEqualTo("support");
        assertThat(points.get(0).cost()).isEqualByComparingTo("0.25");
        assertThat(points.get(1).state()).isEqualTo(io.mlflowlite.tracing.TraceState.ERROR);
        assertThat(points.get(1).endpoint()).isNull();
        assertThat(store().points(Traces.T0, Traces.T0.plusSeconds(60), Set.of(), 1))
                .hasSize(1);
    }
}
