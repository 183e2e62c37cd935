package io.mlflowlite.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The series of one metric, one per label set, created on first use. Label values come partly from clients
 * (model names), so the number of series is capped: past the cap, new label sets share one overflow series
 * whose labels all read {@code other}, and the scrape stays bounded whatever clients send. Thread-safe.
 *
 * @param <T> the series type: a counter, a histogram
 */
final class MetricFamily<T> {
    static final int MAX_SERIES = 1000;

    final String name;
    final String help;
    final String type;
    final String[] labelNames;
    private final Supplier<T> factory;
    private final Map<String, T> series = new ConcurrentHashMap<>();
    private final String overflowLabels;

    MetricFamily(String name, String type, String help, Supplier<T> factory, String... labelNames) {
        this.name = name;
        this.type = type;
        this.help = help;
        this.factory = factory;
        this.labelNames = labelNames;
        String[] other = new String[labelNames.length];
        java.util.Arrays.fill(other, "other");
        this.overflowLabels = render(other);
    }

    /** The series for {@code labelValues}, in the order of the label names. */
    T series(String... labelValues) {
        String key = render(labelValues);
        T existing = series.get(key);
        if (existing != null) {
            return existing;
        }
        if (series.size() >= MAX_SERIES) {
            return series.computeIfAbsent(overflowLabels, k -> factory.get());
        }
        return series.computeIfAbsent(key, k -> factory.get());
    }

    /** Every series by its rendered label set ({@code a="x",b="y"}). */
    Map<String, T> all() {
        return series;
    }

    private String render(String[] values) {
        StringBuilder labels = new StringBuilder(64);
        for (int i = 0; i < labelNames.length; i++) {
            if (i > 0) {
                labels.append(',');
            }
            labels.append(labelNames[i]).append("=\"");
            escape(values[i] == null ? "" : values[i], labels);
            labels.append('"');
        }
        return labels.toString();
    }

    /** Prometheus text format escaping for label values: backslash, double quote and line feed. */
    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
