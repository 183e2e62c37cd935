package io.mlflowlite.server;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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
    /**
     * The most series per metric: room for every model a gateway really serves, while 1,000 client-chosen model
     * names made a 3 MB scrape (a histogram's series is a dozen lines).
     */
    static final int MAX_SERIES = 200;
    /** The longest label value kept; longer ones (model names are the client's) are cut and end with {@code …}. */
    static final int MAX_LABEL_LENGTH = 128;

    final String name;
    final String help;
    final String type;
    final String[] labelNames;
    private final Supplier<T> factory;
    private final Map<String, T> series = new ConcurrentHashMap<>();
    /** The same series by their label values, so recording finds one without rendering its labels. */
    private final Map<List<String>, T> byValues = new ConcurrentHashMap<>();

    private final String overflowLabels;

    MetricFamily(String name, String type, String help, Supplier<T> factory, String... labelNames) {
        this.name = name;
        this.type = type;
        this.help = help;
        this.factory = factory;
        this.labelNames = labelNames;
        String[] other = new String[labelNames.length];
        Arrays.fill(other, "other");
        this.overflowLabels = render(other);
    }

    /** The series for {@code labelValues}, in the order of the label names. */
    T series(String... labelValues) {
        T known = byValues.get(Arrays.asList(labelValues));
        if (known != null) {
            return known;
        }
        String key = render(labelValues);
        T found = series.get(key);
        if (found == null) {
            found = series.size() >= MAX_SERIES
                    ? series.computeIfAbsent(overflowLabels, k -> factory.get())
                    : series.computeIfAbsent(key, k -> factory.get());
        }
        if (byValues.size() < 2 * MAX_SERIES) { // label sets past the cap are rendered each time, but stay bounded
            byValues.putIfAbsent(Collections.unmodifiableList(Arrays.asList(labelValues.clone())), found);
        }
        return found;
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
            String value = values[i] == null ? "" : values[i];
            escape(value.length() > MAX_LABEL_LENGTH ? value.substring(0, MAX_LABEL_LENGTH) + "…" : value, labels);
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
