package io.mlflowlite.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TimingTest {
    private final MockModels bundled = MockModels.bundled();

    @Test
    void timeToFirstTokenFollowsTheSpecsMedianAndP95AboveItsFloor() {
        for (String model : new String[] {"mini", "balanced", "pro"}) {
            MockModelSpec spec = bundled.require(model);
            long[] ttft = sample(spec, 20_000);
            double median = ttft[ttft.length / 2];
            double p95 = ttft[(int) (ttft.length * 0.95)];
            assertThat(median / spec.ttftMedian().toNanos())
                    .as(model + " median")
                    .isBetween(0.95, 1.05);
            assertThat(p95 / spec.ttftP95().toNanos()).as(model + " p95").isBetween(0.93, 1.07);
            assertThat(ttft[0])
                    .as(model + " floor")
                    .isGreaterThanOrEqualTo(spec.ttftFloor().toNanos());
        }
    }

    @Test
    void latencyScaleMultipliesEveryWaitAndZeroMakesTheModelInstant() {
        MockModelSpec pro = bundled.require("pro");
        Timing full = Timing.sample(pro, 99);
        Timing half = Timing.sample(pro.withLatencyScale(0.5), 99);
        Timing none = Timing.sample(pro.withLatencyScale(0), 99);

        assertThat(full.nanosPerToken()).isEqualTo(Math.round(1e9 / 40));
        assertThat(half.ttftNanos()).isCloseTo(full.ttftNanos() / 2, org.assertj.core.data.Offset.offset(1L));
        assertThat(half.nanosPerToken()).isEqualTo(full.nanosPerToken() / 2);
        assertThat(none.ttftNanos()).isZero();
        assertThat(none.nanosPerToken()).isZero();
        assertThat(none.retryAfter()).isEqualTo(Duration.ZERO);
    }

    @Test
    void theSameSeedDrawsTheSameTiming() {
        MockModelSpec flaky = bundled.require("flaky");
        assertThat(Timing.sample(flaky, 1234)).isEqualTo(Timing.sample(flaky, 1234));
    }

    private static long[] sample(MockModelSpec spec, int n) {
        long[] ttft = new long[n];
        for (int i = 0; i < n; i++) {
            ttft[i] = Timing.sample(spec, Rng.mix(i)).ttftNanos();
        }
        Arrays.sort(ttft);
        return ttft;
    }
}
