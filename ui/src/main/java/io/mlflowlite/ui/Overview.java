package io.mlflowlite.ui;

import io.mlflowlite.tracing.TracePoint;
import io.mlflowlite.tracing.TraceState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The overview page's numbers: requests, errors, latency percentiles and spend over a window, in total, per time
 * bucket, per model and per endpoint; with the SVG charts drawn from them. Immutable.
 *
 * @param truncated whether the window held more traces than were read (the numbers cover the oldest ones)
 */
public record Overview(
        String range,
        Instant from,
        Instant to,
        Group total,
        List<Group> models,
        List<Group> endpoints,
        String trafficChart,
        String latencyChart,
        String spendByModelChart,
        String spendByEndpointChart,
        boolean truncated) {

    /** The windows the page offers, by their parameter. */
    static final Map<String, Duration> RANGES = Map.of(
            "1h",
            Duration.ofHours(1),
            "24h",
            Duration.ofHours(24),
            "7d",
            Duration.ofDays(7),
            "30d",
            Duration.ofDays(30));

    private static final int BUCKETS = 24;
    private static final int SERIES = 6;

    /** One group's numbers (everything, a model or an endpoint). */
    public record Group(String name, long requests, long errors, double p50Ms, double p95Ms, BigDecimal spend) {
        public double errorRate() {
            return requests == 0 ? Double.NaN : (double) errors / requests;
        }
    }

    static Overview of(String range, Instant from, Instant to, List<TracePoint> points, boolean truncated) {
        Group total = group("all", points);
        Map<String, List<TracePoint>> byModel = new LinkedHashMap<>();
        Map<String, List<TracePoint>> byEndpoint = new LinkedHashMap<>();
        for (TracePoint p : points) {
            byModel.computeIfAbsent(p.model() == null ? "(none)" : p.model(), k -> new ArrayList<>())
                    .add(p);
            byEndpoint
                    .computeIfAbsent(p.endpoint() == null ? "(direct)" : p.endpoint(), k -> new ArrayList<>())
                    .add(p);
        }
        List<Group> models = groups(byModel);
        List<Group> endpoints = groups(byEndpoint);

        long bucketNanos = Math.max(1, Duration.between(from, to).toNanos() / BUCKETS);
        List<List<TracePoint>> buckets = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            buckets.add(new ArrayList<>());
        }
        for (TracePoint p : points) {
            int i = (int) Math.min(
                    BUCKETS - 1, Math.max(0, Duration.between(from, p.start()).toNanos() / bucketNanos));
            buckets.get(i).add(p);
        }
        DateTimeFormatter label = DateTimeFormatter.ofPattern(
                        Duration.between(from, to).toHours() > 48 ? "MM-dd HH:mm" : "HH:mm", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        List<String> xs = new ArrayList<>();
        double[] requests = new double[BUCKETS];
        double[] errors = new double[BUCKETS];
        double[] p50 = new double[BUCKETS];
        double[] p95 = new double[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            xs.add(label.format(from.plusNanos(bucketNanos * i)) + " UTC");
            List<TracePoint> b = buckets.get(i);
            requests[i] = b.size();
            errors[i] = b.stream().filter(p -> p.state() == TraceState.ERROR).count();
            double[] ms = latencies(b);
            p50[i] = ms.length == 0 ? Double.NaN : percentile(ms, 0.50);
            p95[i] = ms.length == 0 ? Double.NaN : percentile(ms, 0.95);
        }
        String traffic = Svg.lines(
                "Requests and errors per " + bucketLabel(bucketNanos),
                xs,
                List.of(new Svg.Series("requests", requests), new Svg.Series("errors", errors)),
                "");
        String latency = Svg.lines(
                "Latency p50 and p95", xs, List.of(new Svg.Series("p50", p50), new Svg.Series("p95", p95)), "ms");
        String spendModels = Svg.lines("Spend per model", xs, spendSeries(buckets, byModel.keySet(), true), "usd");
        String spendEndpoints = Svg.bars(
                "Spend per endpoint",
                endpoints.stream().map(Group::name).toList(),
                endpoints.stream().mapToDouble(g -> g.spend().doubleValue()).toArray(),
                "usd");
        return new Overview(
                range, from, to, total, models, endpoints, traffic, latency, spendModels, spendEndpoints, truncated);
    }

    /** Spend per bucket of the groups that spent most (the rest summed as "other"). */
    private static List<Svg.Series> spendSeries(
            List<List<TracePoint>> buckets, Iterable<String> names, boolean byModel) {
        Map<String, double[]> spend = new LinkedHashMap<>();
        Map<String, Double> totals = new LinkedHashMap<>();
        for (int i = 0; i < buckets.size(); i++) {
            for (TracePoint p : buckets.get(i)) {
                String key = byModel ? (p.model() == null ? "(none)" : p.model()) : p.endpoint();
                spend.computeIfAbsent(key, k -> new double[buckets.size()])[i] +=
                        p.cost().doubleValue();
                totals.merge(key, p.cost().doubleValue(), Double::sum);
            }
        }
        List<String> top = totals.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(Map.Entry::getKey)
                .toList();
        List<Svg.Series> series = new ArrayList<>();
        double[] other = new double[buckets.size()];
        for (int k = 0; k < top.size(); k++) {
            double[] values = spend.get(top.get(k));
            if (k < SERIES) {
                series.add(new Svg.Series(top.get(k), values));
            } else {
                for (int i = 0; i < other.length; i++) {
                    other[i] += values[i];
                }
            }
        }
        if (top.size() > SERIES) {
            series.add(new Svg.Series("other", other));
        }
        return series;
    }

    private static List<Group> groups(Map<String, List<TracePoint>> by) {
        return by.entrySet().stream()
                .map(e -> group(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(Group::requests).reversed().thenComparing(Group::name))
                .toList();
    }

    private static Group group(String name, List<TracePoint> points) {
        double[] ms = latencies(points);
        BigDecimal spend = BigDecimal.ZERO;
        long errors = 0;
        for (TracePoint p : points) {
            spend = spend.add(p.cost());
            errors += p.state() == TraceState.ERROR ? 1 : 0;
        }
        return new Group(
                name,
                points.size(),
                errors,
                ms.length == 0 ? Double.NaN : percentile(ms, 0.50),
                ms.length == 0 ? Double.NaN : percentile(ms, 0.95),
                spend);
    }

    private static double[] latencies(List<TracePoint> points) {
        double[] ms = new double[points.size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = points.get(i).latency().toNanos() / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static String bucketLabel(long nanos) {
        long minutes = Math.max(1, nanos / 60_000_000_000L);
        return minutes % 60 == 0 ? (minutes / 60) + " h" : minutes + " min";
    }

    /** The nearest-rank percentile of sorted {@code values}. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
