package io.mlflowlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading the gateway's overhead histogram: a real scrape, interval deltas, quantiles from buckets. */
class OverheadDeltaTest {
    private static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001};

    @Test
    void aQuantileIsInterpolatedInsideTheBucketThatHoldsIt() {
        OverheadDelta delta = new OverheadDelta(BOUNDS, new long[] {0, 50, 99, 100, 100}, 0.03);

        assertThat(delta.quantile(0.5)).isCloseTo(0.00025, within(1e-12));
        assertThat(delta.quantile(0.25)).isCloseTo(0.000175, within(1e-12));
        assertThat(delta.quantile(0.99)).isCloseTo(0.0005, within(1e-12));
        assertThat(delta.bucketOf(0.99)).containsExactly(0.00025, 0.0005);
        assertThat(delta.meanSeconds()).isCloseTo(0.0003, within(1e-12));
    }

    @Test
    void theShareAtOrUnderABoundIsExact() {
        OverheadDelta delta = new OverheadDelta(BOUNDS, new long[] {10, 900, 989, 1000, 1000}, 0);

        assertThat(delta.shareAtMost(0.0005)).isEqualTo(0.989);
        assertThat(delta.shareAtMost(0.0001)).isEqualTo(0.01);
    }

    @Test
    void aQuantilePastTheLastBoundIsOnlyKnownToBeLarger() {
        OverheadDelta delta = new OverheadDelta(BOUNDS, new long[] {0, 0, 0, 90, 100}, 5);

        assertThat(delta.quantile(0.95)).isInfinite();
        assertThat(delta.bucketOf(0.95)).containsExactly(0.001, Double.POSITIVE_INFINITY);
    }

    @Test
    void aGatewayScrapeGivesTheChatRoutesHistogramRequestsCostAndHeap() throws IOException {
        MetricsSnapshot snapshot = MetricsSnapshot.parse(fixture("metrics/gateway-scrape.txt"));

        assertThat(snapshot.bounds()).hasSize(16).startsWith(0.00001, 0.000025).endsWith(0.5, 1.0);
        assertThat(snapshot.cumulative()).hasSize(17).startsWith(0, 0, 7701).endsWith(451732);
        assertThat(snapshot.ok()).isEqualTo(451732);
        assertThat(snapshot.failed()).isZero();
        assertThat(snapshot.costUsd()).isCloseTo(3.7945488, within(1e-6));
        assertThat(snapshot.heapUsed()).isEqualTo(652388928L);
    }

    @Test
    void theDeltaOfTwoScrapesHoldsOnlyWhatWasRecordedBetweenThem() throws IOException {
        MetricsSnapshot after = MetricsSnapshot.parse(fixture("metrics/gateway-scrape.txt"));
        // the same gateway 100 requests earlier, all of them between 250 and 500 µs (0.05 s in all): the buckets
        // from 0.5 ms up count them, as cumulative buckets do
        MetricsSnapshot earlier = new MetricsSnapshot(
                after.bounds(),
                minus(after.cumulative(), 5, 100),
                after.overheadSeconds() - 0.05,
                after.ok() - 100,
                0,
                0,
                0);

        OverheadDelta delta = after.overheadSince(earlier);

        assertThat(delta.count()).isEqualTo(100);
        assertThat(delta.shareAtMost(0.0005)).isEqualTo(1.0);
        assertThat(delta.shareAtMost(0.00025)).isEqualTo(0.0);
        assertThat(delta.meanSeconds()).isCloseTo(0.0005, within(1e-9));
    }

    private static long[] minus(long[] cumulative, int fromIndex, long n) {
        long[] earlier = cumulative.clone();
        for (int i = fromIndex; i < earlier.length; i++) {
            earlier[i] -= n;
        }
        return earlier;
    }

    private static String fixture(String path) throws IOException {
        try (InputStream in = OverheadDeltaTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
