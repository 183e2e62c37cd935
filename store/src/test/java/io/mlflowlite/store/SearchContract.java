package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Each search criterion alone selects exactly the traces it names; together they combine with AND. */
interface SearchContract extends StoreAccess {

    @Test
    default void returnsAllTracesNewestFirstWithTheirTags() {
        Trace old = Traces.chat().start(Traces.T0).tag("k", "old").build();
        Trace mid = Traces.chat().start(Traces.T0.plusSeconds(60)).build();
        Trace recent = Traces.chat().start(Traces.T0.plusSeconds(120)).build();
        write(mid, old, recent);

        List<TraceInfo> found = all(TraceQuery.all());

        assertThat(found)
                .extracting(TraceInfo::traceId)
                .containsExactly(recent.traceId(), mid.traceId(), old.traceId());
        assertThat(found.get(2)).isEqualTo(old.info());
    }

    @Test
    default void ordersTracesStartingTogetherByIdDescending() {
        Trace a = Traces.chat().id("tr-0000000000000000000000000000000a").build();
        Trace b = Traces.chat().id("tr-0000000000000000000000000000000b").build();
        write(a, b);

        assertThat(ids(TraceQuery.all())).containsExactly(b.traceId(), a.traceId());
    }

    @Test
    default void filtersByTimeRangeWithInclusiveFromAndExclusiveTo() {
        Trace before = Traces.chat().start(Traces.T0.minusNanos(1)).build();
        Trace atFrom = Traces.chat().start(Traces.T0).build();
        Trace inside = Traces.chat().start(Traces.T0.plusSeconds(30)).build();
        Trace atTo = Traces.chat().start(Traces.T0.plusSeconds(60)).build();
        write(before, atFrom, inside, atTo);

        assertThat(ids(TraceQuery.builder()
                        .from(Traces.T0)
                        .to(Traces.T0.plusSeconds(60))
                        .build()))
                .containsExactly(inside.traceId(), atFrom.traceId());
        assertThat(ids(TraceQuery.builder().from(Traces.T0.plusSeconds(30)).build()))
                .containsExactly(atTo.traceId(), inside.traceId());
        assertThat(ids(TraceQuery.builder().to(Traces.T0).build())).containsExactly(before.traceId());
    }

    @Test
    default void filtersByExperiment() {
        Trace inDefault = Traces.chat().build();
        Trace inOther = Traces.chat().experiment("migration-gpt5").build();
        write(inDefault, inOther);

        assertThat(ids(TraceQuery.builder().experiment("migration-gpt5").build()))
                .containsExactly(inOther.traceId());
        assertThat(ids(TraceQuery.builder().experiment("llm_workspace").build()))
                .containsExactly(inDefault.traceId());
        assertThat(ids(TraceQuery.builder().experiment("nope").build())).isEmpty();
    }

    @Test
    default void filtersByModel() {
        Trace mini = Traces.chat().model("gpt-4o-mini").build();
        Trace claude = Traces.chat().model("claude-sonnet-4-5").build();
        write(mini, claude);

        assertThat(ids(TraceQuery.builder().model("claude-sonnet-4-5").build())).containsExactly(claude.traceId());
    }

    @Test
    default void filtersByState() {
        Trace ok = Traces.chat().build();
        Trace failed = Traces.chat().state(TraceState.ERROR).build();
        write(ok, failed);

        assertThat(ids(TraceQuery.builder().state(TraceState.ERROR).build())).containsExactly(failed.traceId());
        assertThat(ids(TraceQuery.builder().state(TraceState.OK).build())).containsExactly(ok.traceId());
    }

    @Test
    default void filtersByTagsRequiringEveryGivenPair() {
        Trace both = Traces.chat().tag("team", "search").tag("variant", "b").build();
        Trace teamOnly = Traces.chat().tag("team", "search").tag("variant", "a").build();
        Trace neither = Traces.chat().build();
        write(both, teamOnly, neither);

        assertThat(ids(TraceQuery.builder().tag("team", "search").build()))
                .containsExactlyInAnyOrder(both.traceId(), teamOnly.traceId());
        assertThat(ids(TraceQuery.builder()
                        .tag("team", "search")
                        .tag("variant", "b")
                        .build()))
                .containsExactly(both.traceId());
        assertThat(ids(TraceQuery.builder().tag("variant", "search").build())).isEmpty();
    }

    @Test
    default void filtersByUserAndBySession() {
        Trace alice = Traces.chat().user("alice").session("s1").build();
        Trace bob = Traces.chat().user("bob").session("s1").build();
        Trace anonymous = Traces.chat().user(null).session(null).build();
        write(alice, bob, anonymous);

        assertThat(ids(TraceQuery.builder().user("alice").build())).containsExactly(alice.traceId());
        assertThat(ids(TraceQuery.builder().session("s1").build()))
                .containsExactlyInAnyOrder(alice.traceId(), bob.traceId());
    }

    @Test
    default void filtersByMinimumCostIncludingTheBound() {
        Trace cheap = Traces.chat().cost("0.0000099").build();
        Trace atBound = Traces.chat().cost("0.00001").build();
        Trace dear = Traces.chat().cost("2.5").build();
        write(cheap, atBound, dear);

        assertThat(ids(TraceQuery.builder().minCost(new BigDecimal("0.00001")).build()))
                .containsExactlyInAnyOrder(atBound.traceId(), dear.traceId());
        assertThat(ids(TraceQuery.builder().minCost(new BigDecimal("0.000010")).build()))
                .containsExactlyInAnyOrder(atBound.traceId(), dear.traceId());
        assertThat(ids(TraceQuery.builder().minCost(new BigDecimal("10")).build()))
                .isEmpty();
    }

    @Test
    default void filtersByMinimumLatencyIncludingTheBound() {
        Trace fast = Traces.chat().duration(Duration.ofMillis(120)).build();
        Trace atBound = Traces.chat().duration(Duration.ofSeconds(2)).build();
        Trace slow = Traces.chat().duration(Duration.ofSeconds(9)).build();
        write(fast, atBound, slow);

        assertThat(ids(TraceQuery.builder().minLatency(Duration.ofSeconds(2)).build()))
                .containsExactlyInAnyOrder(atBound.traceId(), slow.traceId());
    }

    @Test
    default void combinesEveryCriterionWithAnd() {
        Supplier<Traces.Builder> matching = () -> Traces.chat()
                .start(Traces.T0.plusSeconds(10))
                .experiment("exp")
                .model("m1")
                .state(TraceState.OK)
                .tag("team", "t")
                .user("u")
                .session("s")
                .cost("0.5")
                .duration(Duration.ofSeconds(3));
        Trace match = matching.get().build();
        // Each misses exactly one criterion.
        List<Trace> nearMisses = List.of(
                matching.get().start(Traces.T0.minusSeconds(1)).build(),
                matching.get().experiment("other").build(),
                matching.get().model("m2").build(),
                matching.get().state(TraceState.ERROR).build(),
                matching.get().tag("team", "x").build(),
                matching.get().user("v").build(),
                matching.get().session("z").build(),
                matching.get().cost("0.1").build(),
                matching.get().duration(Duration.ofSeconds(1)).build());
        store().write(nearMisses);
        write(match);

        TraceQuery query = TraceQuery.builder()
                .from(Traces.T0)
                .to(Traces.T0.plusSeconds(60))
                .experiment("exp")
                .model("m1")
                .state(TraceState.OK)
                .tag("team", "t")
                .user("u")
                .session("s")
                .minCost(new BigDecimal("0.2"))
                .minLatency(Duration.ofSeconds(2))
                .build();

        assertThat(ids(query)).containsExactly(match.traceId());
        assertThat(ids(TraceQuery.all())).hasSize(nearMisses.size() + 1);
    }
}
