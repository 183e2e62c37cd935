package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written metrics: histogram buckets, label escaping, the cardinality cap, the exposition text. */
class MetricsTest {
    @Test
    void aValueOnABoundCountsInThatBucketAndBucketsAreCumulative() {
        Histogram histogram = new Histogram(new long[] {10, 20, 30});

        for (long value : new long[] {0, 10, 11, 20, 25, 31, 1000}) {
            histogram.record(value);
        }

        assertThat(histogram.cumulativeCounts()).containsExactly(2, 4, 5, 7);
        assertThat(histogram.sum()).isEqualTo(1097);
    }

    @Test
    void labelValuesAreEscapedForTheTextFormat() {
        MetricFamily<LongAdder> family = new MetricFamily<>("m_total", "counter", "help", LongAdder::new, "model");

        family.series("a\"b\\c\nd").increment();

        assertThat(family.all()).containsOnlyKeys("model=\"a\\\"b\\\\c\\nd\"");
    }

    @Test
    void newLabelSetsPastTheCapShareOneOverflowSeries() {
        MetricFamily<LongAdder> family = new MetricFamily<>("m_total", "counter", "help", LongAdder::new, "model");
        for (int i = 0; i < MetricFamily.MAX_SERIES; i++) {
            family.series("model-" + i).increment();
        }

        family.series("one-too-many").increment();
        family.series("two-too-many").increment();
        family.series("model-7").increment();

        assertThat(family.all()).hasSize(MetricFamily.MAX_SERIES + 1).doesNotContainKey("model=\"one-too-many\"");
        assertThat(family.all().get("model=\"other\"").sum()).isEqualTo(2);
        assertThat(family.all().get("model=\"model-7\"").sum()).isEqualTo(2);
    }

    @Test
    void histogramsAreWrittenInSecondsWithInfSumAndCount() {
        ServerMetrics metrics = new ServerMetrics(() -> 3);
        metrics.overhead("/v1/chat/completions", 40_000); // 40 µs
        metrics.overhead("/v1/chat/completions", 2_000_000_000L); // 2 s, past the last bound

        String text = metrics.scrape();

        String route = "route=\"/v1/chat/completions\"";
        assertThat(text)
                .contains("mlflowlite_gateway_overhead_seconds_bucket{" + route + ",le=\"0.000025\"} 0\n")
                .contains("mlflowlite_gateway_overhead_seconds_bucket{" + route + ",le=\"0.00005\"} 1\n")
                .contains("mlflowlite_gateway_overhead_seconds_bucket{" + route + ",le=\"1\"} 1\n")
                .contains("mlflowlite_gateway_overhead_seconds_bucket{" + route + ",le=\"+Inf\"} 2\n")
                .contains("mlflowlite_gateway_overhead_seconds_sum{" + route + "} 2.00004\n")
                .contains("mlflowlite_gateway_overhead_seconds_count{" + route + "} 2\n")
                .contains("mlflowlite_http_requests_in_flight 3\n");
    }

    @Test
    void theScrapeIncludesHeapAndResidentMemoryInBytes() {
        String text = new ServerMetrics(() -> 0).scrape();

        long heapUsed = gauge(text, "jvm_memory_used_bytes{area=\"heap\"}");
        assertThat(heapUsed).isPositive();
        assertThat(gauge(text, "jvm_memory_committed_bytes{area=\"heap\"}")).isGreaterThanOrEqualTo(heapUsed);
        assertThat(gauge(text, "jvm_memory_used_bytes{area=\"nonheap\"}")).isPositive();
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "resident memory is read from /proc (Linux)");
        assertThat(gauge(text, "process_resident_memory_bytes"))
                .as("bytes, not the kB /proc reports: any JVM holds more than 16 MiB")
                .isGreaterThan(16L << 20);
    }

    private static long gauge(String text, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+)$").matcher(text);
        assertThat(m.find()).as("%s in%n%s", series, text).isTrue();
        return Long.parseLong(m.group(1));
    }
}
