package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.limits.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-minute pacer on a clock that only moves when the pacer sleeps. */
class RequestPacerTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    private List<Double> acquireTimes(RequestPacer pacer, int calls) throws InterruptedException {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            pacer.acquire();
            seconds.add(clock.nanoTime() / 1e9);
        }
        return seconds;
    }

    @Test
    void sixtyPerMinuteIsOneCallASecond() throws InterruptedException {
        assertThat(acquireTimes(new RequestPacer(60, clock), 4)).containsExactly(0.0, 1.0, 2.0, 3.0);
    }

    @Test
    void aSecondsWorthGoesAtOnceThenTheRestAreSpread() throws InterruptedException {
        // 120 a minute: bursts of two, then one every half second
        assertThat(acquireTimes(new RequestPacer(120, clock), 5)).containsExactly(0.0, 0.0, 0.5, 1.0, 1.5);
    }

    @Test
    void idleTimeDoesNotBankMoreThanTheBurst() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(60, clock);
        pacer.acquire();
        clock.advance(java.time.Duration.ofSeconds(30));
        assertThat(acquireTimes(pacer, 3)).containsExactly(30.0, 31.0, 32.0);
    }

    @Test
    void lessThanOneAMinuteIsRefused() {
        assertThatThrownBy(() -> new RequestPacer(0, clock)).hasMessageContaining("at least 1");
    }
}
