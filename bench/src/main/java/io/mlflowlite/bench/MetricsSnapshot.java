package io.mlflowlite.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What the gateway's {@code /metrics} said at one moment, for the chat route: the overhead histogram (bounds in
 * seconds, cumulative counts), requests answered by status class, cost, and the memory gauges.
 *
 * @param bounds    the overhead histogram's finite upper bounds, seconds, ascending
 * @param cumulative cumulative counts per bound, then the {@code +Inf} count
 * @param overheadSeconds the histogram's sum
 * @param ok        chat requests answered 200
 * @param failed    chat requests answered with any other status
 * @param costUsd   the cost counter summed over models
 * @param heapUsed  {@code jvm_memory_used_bytes{area="heap"}}
 */
record MetricsSnapshot(
        double[] bounds,
        long[] cumulative,
        double overheadSeconds,
        long ok,
        long failed,
        double costUsd,
        long heapUsed) {
    private static final String ROUTE = "route=\"" + MockUpstream.PATH + "\"";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static MetricsSnapshot scrape(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + response.statusCode());
        }
        return parse(response.body());
    }

    static MetricsSnapshot parse(String text) {
        List<Double> bounds = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        double sum = 0;
        long ok = 0;
        long failed = 0;
        double cost = 0;
        long heap = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            String value = line.substring(space + 1);
            if (series.startsWith("mlflowlite_gateway_overhead_seconds_bucket{" + ROUTE + ",le=\"")) {
                String le = series.substring(series.indexOf("le=\"") + 4, series.length() - 2);
                if (!le.equals("+Inf")) {
                    bounds.add(Double.parseDouble(le));
                }
                counts.add(Long.parseLong(value));
            } else if (series.equals("mlflowlite_gateway_overhead_seconds_sum{" + ROUTE + "}")) {
                sum = Double.parseDouble(value);
            } else if (series.startsWith("mlflowlite_http_requests_total{" + ROUTE + ",")) {
                if (series.contains("status=\"200\"")) {
                    ok += Long.parseLong(value);
                } else {
                    failed += Long.parseLong(value);
                }
            } else if (series.startsWith("mlflowlite_cost_usd_total")) {
                cost += Double.parseDouble(value);
            } else if (series.equals("jvm_memory_used_bytes{area=\"heap\"}")) {
                heap = Long.parseLong(value);
            }
        }
        return new MetricsSnapshot(
                bounds.stream().mapToDouble(Double::doubleValue).toArray(),
                counts.stream().mapToLong(Long::longValue).toArray(),
                sum,
                ok,
                failed,
                cost,
                heap);
    }

    /** The overhead recorded between {@code before} and this snapshot. */
    OverheadDelta overheadSince(MetricsSnapshot before) {
        long[] delta = new long[cumulative.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = cumulative[i] - (i < before.cumulative.length ? before.cumulative[i] : 0);
        }
        return new OverheadDelta(bounds, delta, overheadSeconds - before.overheadSeconds);
    }
}
