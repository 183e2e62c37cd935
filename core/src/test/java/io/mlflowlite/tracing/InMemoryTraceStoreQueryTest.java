package io.mlflowlite.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory store answers the web UI's criteria and orders as the SQL stores do. */
class InMemoryTraceStoreQueryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Trace trace(int i, String cost, long millis, String endpoint, Map<String, String> tags, String ask) {
        String id = String.format("tr-%032x", i);
        Span.Builder root = Span.builder()
                .traceId(id)
                .spanId(String.format("%016x", i))
                .name("chat")
                .type(SpanType.CHAT_MODEL)
                .startNanos(TraceJson.epochNanos(T0.plusSeconds(i)))
                .endNanos(TraceJson.epochNanos(T0.plusSeconds(i)) + millis * 1_000_000)
                .status(SpanStatus.OK)
                .attributes(endpoint == null ? Map.of() : Map.of("mlflowlite.endpoint", endpoint))
                .events(List.of());
        TraceInfo info = TraceInfo.builder()
                .traceId(id)
                .experiment("x")
                .startTime(T0.plusSeconds(i))
                .duration(Duration.ofMillis(millis))
                .state(TraceState.OK)
                .requestPreview(ask)
                .responsePreview("answer")
                .model("m")
                .cost(new BigDecimal(cost))
                .tags(tags)
                .build();
        return new Trace(info, List.of(root.build()));
    }

    @Test
    void ordersFiltersAndPagesLikeTheSqlStores() {
        InMemoryTraceStore store = new InMemoryTraceStore(100);
        Trace cheapSlow = trace(1, "0.00009", 900, "support", Map.of(), "Where is my Invoice?");
        Trace dearFast = trace(2, "0.0001", 100, "billing", Map.of("mlflowlite.eval.judge", "g"), "judge this");
        Trace middle = trace(
                3, "0.00009", 500, null, Map.of("mlflow.linkedPrompts", "[{\"name\":\"qa\",\"version\":\"2\"}]"), "hi");
        store.write(List.of(cheapSlow, dearFast, middle));

        assertThat(ids(store, TraceQuery.builder().sort(TraceSort.COST_DESC).pageSize(1)))
                .containsExactly(dearFast.traceId(), middle.traceId(), cheapSlow.traceId());
        assertThat(ids(store, TraceQuery.builder().sort(TraceSort.LATENCY_ASC)))
                .containsExactly(dearFast.traceId(), middle.traceId(), cheapSlow.traceId());
        assertThat(ids(store, TraceQuery.builder().endpoint("support"))).containsExactly(cheapSlow.traceId());
        assertThat(ids(store, TraceQuery.builder().text("INVOICE"))).containsExactly(cheapSlow.traceId());
        assertThat(ids(store, TraceQuery.builder().linkedPrompt("qa", 2))).containsExactly(middle.traceId());
        assertThat(ids(store, TraceQuery.builder().withoutTag("mlflowlite.eval.judge")))
                .containsExactly(middle.traceId(), cheapSlow.traceId());
        assertThat(store.points(T0, T0.plusSeconds(60), Set.of("mlflowlite.eval.judge"), 10))
                .extracting(TracePoint::latency)
                .containsExactly(Duration.ofMillis(900), Duration.ofMillis(500));
    }

    private static List<String> ids(TraceStore store, TraceQuery.Builder query) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            TracePage page = store.search(query.pageToken(token).build());
            page.traces().forEach(t -> ids.add(t.traceId()));
            token = page.nextPageToken().orElse(null);
        } while (token != null);
        return ids;
    }
}
