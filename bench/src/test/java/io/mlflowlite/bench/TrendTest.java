package io.mlflowlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Telling a heap's sawtooth from a leak. */
class TrendTest {
    private static final double MIB = 1 << 20;

    @Test
    void aHeapThatOnlyGoesUpAndDownIsFlat() {
        double[] cycle = {200, 450, 450, 200}; // MiB: filled, then collected
        List<double[]> samples = new ArrayList<>();
        for (int i = 0; i < 120; i++) { // 20 minutes, every 10 s
            samples.add(new double[] {i * 10, cycle[i % 4] * MIB});
        }

        Trend trend = Trend.of(samples);

        assertThat(trend.slopePerMinute() / MIB).isCloseTo(0, within(1e-6));
        assertThat(trend.growth()).isCloseTo(0, within(1e-9));
    }

    @Test
    void aLeakShowsAsItsSlopePerMinuteAndAsGrowthBetweenQuarters() {
        List<double[]> samples = new ArrayList<>();
        for (int i = 0; i < 120; i++) { // 1 MiB more every minute
            samples.add(new double[] {i * 10, (300 + i / 6.0) * MIB});
        }

        Trend trend = Trend.of(samples);

        assertThat(trend.slopePerMinute() / MIB).isCloseTo(1, within(1e-9));
        assertThat(trend.lastQuarterMean()).isGreaterThan(trend.firstQuarterMean());
        assertThat(trend.growth()).isPositive();
    }
}
