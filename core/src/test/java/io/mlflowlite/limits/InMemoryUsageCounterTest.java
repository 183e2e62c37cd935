package io.mlflowlite.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryUsageCounterTest implements UsageCounterContract {
    private final InMemoryUsageCounter counter = new InMemoryUsageCounter();

    @Override
    public UsageCounter counter() {
        return counter;
    }

    @Test
    void keepsOnlyTheNewestWindowPerSubjectAndKind() {
        Window first = Period.MINUTE.windowAt(Instant.parse("2026-03-01T10:00:30Z"));
        Window second = Period.MINUTE.windowAt(first.end());
        counter.add("key-a", Meter.REQUESTS, first, 7);
        counter.add("key-a", Meter.REQUESTS, second, 1);

        assertThat(counter.get("key-a", Meter.REQUESTS, first))
                .as("the ended window was let go")
                .isZero();
        assertThat(counter.add("key-a", Meter.REQUESTS, first, 2))
                .as("a late add counts from zero")
                .isEqualTo(2);
        assertThat(counter.get("key-a", Meter.REQUESTS, second))
                .as("and does not disturb the current one")
                .isEqualTo(1);
    }
}
