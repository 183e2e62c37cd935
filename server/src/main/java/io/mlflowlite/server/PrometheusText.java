package io.mlflowlite.server;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Writes metric families in Prometheus' text exposition format 0.0.4. Histograms hold nanoseconds. */
final class PrometheusText {
    private final StringBuilder out = new StringBuilder(4096);

    void counters(MetricFamily<LongAdder> family) {
        head(family.name, family.type, family.help);
        for (Map.Entry<String, LongAdder> series : family.all().entrySet()) {
            sample(family.name, series.getKey(), Long.toString(series.getValue().sum()));
        }
    }

    void doubleCounters(MetricFamily<DoubleAdder> family) {
        head(family.name, family.type, family.help);
        for (Map.Entry<String, DoubleAdder> series : family.all().entrySet()) {
            sample(
                    family.name,
                    series.getKey(),
                    Double.toString(series.getValue().sum()));
        }
    }

    void gauge(String name, String help, long value) {
        head(name, "gauge", help);
        sample(name, "", Long.toString(value));
    }

    /** One gauge with a sample per rendered label set ({@code area="heap"}), in the map's order. */
    void gauges(String name, String help, Map<String, Long> valuesByLabels) {
        head(name, "gauge", help);
        for (Map.Entry<String, Long> series : valuesByLabels.entrySet()) {
            sample(name, series.getKey(), Long.toString(series.getValue()));
        }
    }

    void histograms(MetricFamily<Histogram> family) {
        head(family.name, family.type, family.help);
        for (Map.Entry<String, Histogram> series : family.all().entrySet()) {
            Histogram histogram = series.getValue();
            String labels = series.getKey();
            String prefix = labels.isEmpty() ? "" : labels + ",";
            long[] bounds = histogram.upperBounds();
            long[] counts = histogram.cumulativeCounts();
            for (int i = 0; i < bounds.length; i++) {
                sample(family.name + "_bucket", prefix + "le=\"" + seconds(bounds[i]) + "\"", Long.toString(counts[i]));
            }
            long total = counts[counts.length - 1];
            sample(family.name + "_bucket", prefix + "le=\"+Inf\"", Long.toString(total));
            sample(family.name + "_sum", labels, seconds(histogram.sum()));
            sample(family.name + "_count", labels, Long.toString(total));
        }
    }

    private void head(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, String value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
