package io.mlflowlite.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentTracesTest {
    private static Trace trace(int i, int chars) {
        return TraceWriterTest.trace(i, chars);
    }

    @Test
    void keepsTheNewestTracesWithinItsCount() {
        RecentTraces recent = new RecentTraces(2, 1_000_000);
        for (int i = 0; i < 3; i++) {
            recent.put(trace(i, 10));
        }
        assertThat(recent.get(trace(0, 10).traceId())).isEmpty();
        assertThat(recent.get(trace(1, 10).traceId())).isPresent();
        assertThat(recent.get(trace(2, 10).traceId())).isPresent();
    }

    @Test
    void letsTheOldestGoOnceTheirTextPassesTheBound() {
        RecentTraces recent = new RecentTraces(64, 2_500);
        for (int i = 0; i < 3; i++) {
            recent.put(trace(i, 1_000)); // 1,002 characters of inputs each
        }
        assertThat(recent.get(trace(0, 1_000).traceId())).isEmpty();
        assertThat(recent.get(trace(1, 1_000).traceId())).isPresent();
        assertThat(recent.get(trace(2, 1_000).traceId())).isPresent();

        recent.put(trace(3, 5_000)); // larger than the bound alone: not kept, and it pushed the rest out
        assertThat(recent.get(trace(3, 5_000).traceId())).isEmpty();
        recent.put(trace(4, 10));
        assertThat(recent.get(trace(4, 10).traceId())).isPresent();
    }

    @Test
    void aTraceRecordedAgainReplacesItsTextRatherThanAddingToIt() {
        RecentTraces recent = new RecentTraces(64, 2_500);
        for (int i = 0; i < 5; i++) {
            recent.put(trace(7, 1_000));
        }
        recent.put(trace(8, 1_000));
        assertThat(recent.get(trace(7, 1_000).traceId())).isPresent();
        assertThat(recent.get(trace(8, 1_000).traceId())).isPresent();
    }
}
