package io.mlflowlite.server;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The endpoints for the platform around the server: {@code /health} (liveness: the process answers),
 * {@code /ready} (readiness: 200 while accepting API requests, 503 from the moment a graceful shutdown starts,
 * so load balancers stop sending before the listener closes) and {@code /metrics} (Prometheus text format).
 */
final class SystemRoutes {
    private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] READY = "{\"status\":\"ready\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DRAINING = "{\"status\":\"draining\"}".getBytes(StandardCharsets.US_ASCII);

    private SystemRoutes() {}

    static List<Route> all(Drain drain, ServerMetrics metrics) {
        return all(drain, metrics, MetricsGuard.OPEN);
    }

    static List<Route> all(Drain drain, ServerMetrics metrics, MetricsGuard guard) {
        return List.of(
                Route.system("GET", "/health", (exchange, scope) -> exchange.send(200, "application/json", OK)),
                Route.system("GET", "/ready", (exchange, scope) -> {
                    boolean draining = drain.draining();
                    exchange.send(draining ? 503 : 200, "application/json", draining ? DRAINING : READY);
                }),
                Route.system("GET", "/metrics", (exchange, scope) -> {
                    guard.check(exchange);
                    exchange.send(
                            200,
                            "text/plain; version=0.0.4; charset=utf-8",
                            metrics.scrape().getBytes(StandardCharsets.UTF_8));
                }));
    }
}
