package io.mlflowlite.server;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The server's metrics, named after the OpenTelemetry GenAI conventions where one exists
 * ({@code gen_ai.client.operation.duration} becomes {@code gen_ai_client_operation_duration_seconds}), kept
 * in lock-free counters and fixed-bucket histograms and written by hand in Prometheus' text format (no
 * metrics library on the request path). Thread-safe.
 */
final class ServerMetrics {
    /** OpenTelemetry's advised buckets for {@code gen_ai.client.operation.duration}, in seconds. */
    private static final double[] OPERATION_BOUNDS = {
        0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92
    };
    /** The gateway's own time: tens of microseconds to a second, finest where the targets are (< 1 ms). */
    private static final double[] OVERHEAD_BOUNDS = {
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1
    };

    final MetricFamily<LongAdder> requests = new MetricFamily<>(
            "mlflowlite_http_requests_total",
            "counter",
            "HTTP requests answered, by route, method and status.",
            LongAdder::new,
            "route",
            "method",
            "status");
    final MetricFamily<Histogram> operationDuration = new MetricFamily<>(
            "gen_ai_client_operation_duration_seconds",
            "histogram",
            "Duration of GenAI operations through the gateway pipeline, upstream included.",
            () -> new Histogram(nanos(OPERATION_BOUNDS)),
            "gen_ai_operation_name",
            "gen_ai_request_model",
            "gen_ai_system",
            "error_type");
    final MetricFamily<LongAdder> tokens = new MetricFamily<>(
            "gen_ai_client_token_usage_total",
            "counter",
            "Tokens used, by model, provider and token type (input or output).",
            LongAdder::new,
            "gen_ai_request_model",
            "gen_ai_system",
            "gen_ai_token_type");
    final MetricFamily<DoubleAdder> cost = new MetricFamily<>(
            "mlflowlite_cost_usd_total",
            "counter",
            "Cost of the calls served, in US dollars, from the price table.",
            DoubleAdder::new,
            "gen_ai_request_model",
            "gen_ai_system");
    final MetricFamily<Histogram> overhead = new MetricFamily<>(
            "mlflowlite_gateway_overhead_seconds",
            "histogram",
            "Time a request spent in the gateway itself: its whole time minus the time waiting on providers.",
            () -> new Histogram(nanos(OVERHEAD_BOUNDS)),
            "route");
    final MetricFamily<LongAdder> disconnects = new MetricFamily<>(
            "mlflowlite_client_disconnects_total",
            "counter",
            "Streams the client left before their end (the upstream request was cancelled).",
            LongAdder::new,
            "route");
    final LongSupplier inFlight;

    ServerMetrics(LongSupplier inFlight) {
        this.inFlight = inFlight;
    }

    void request(String route, String method, int status) {
        requests.series(route, method, Integer.toString(status)).increment();
    }

    void operation(String operation, String model, String system, long nanos, String errorType) {
        operationDuration
                .series(operation, model, system, errorType == null ? "" : errorType)
                .record(nanos);
    }

    void usage(String model, String system, long inputTokens, long outputTokens, double usd) {
        tokens.series(model, system, "input").add(inputTokens);
        tokens.series(model, system, "output").add(outputTokens);
        cost.series(model, system).add(usd);
    }

    void overhead(String route, long nanos) {
        overhead.series(route).record(Math.max(0, nanos));
    }

    void disconnect(String route) {
        disconnects.series(route).increment();
    }

    /** The exposition, {@code text/plain; version=0.0.4}. */
    String scrape() {
        PrometheusText text = new PrometheusText();
        text.counters(requests);
        text.gauge(
                "mlflowlite_http_requests_in_flight",
                "API requests being served now, streams included.",
                inFlight.getAsLong());
        text.histograms(operationDuration);
        text.counters(tokens);
        text.doubleCounters(cost);
        text.histograms(overhead);
        text.counters(disconnects);
        MemoryGauges.write(text);
        return text.toString();
    }

    private static long[] nanos(double[] seconds) {
        long[] bounds = new long[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            bounds[i] = Math.round(seconds[i] * 1e9);
        }
        return bounds;
    }
}
