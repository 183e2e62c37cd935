package io.mlflowlite.server;

import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.EmbeddingResponse;
import java.time.Duration;

/** The gateway's own response headers: where the trace is, what the call cost, how long it took, who served it. */
final class ResponseHeaders {
    static final String TRACE_ID = "x-mlflowlite-trace-id";
    static final String COST_USD = "x-mlflowlite-cost-usd";
    static final String LATENCY_MS = "x-mlflowlite-latency-ms";
    static final String PROVIDER = "x-mlflowlite-provider";

    private ResponseHeaders() {}

    static void completion(Exchange exchange, ChatResponse response) {
        response.traceId().ifPresent(id -> exchange.header(TRACE_ID, id));
        call(exchange, response.cost(), response.latency(), response.provider());
    }

    static void embedding(Exchange exchange, EmbeddingResponse response) {
        call(exchange, response.cost(), response.latency(), response.provider());
    }

    private static void call(Exchange exchange, Cost cost, Duration latency, String provider) {
        if (cost.priced()) {
            exchange.header(COST_USD, cost.total().toPlainString());
        }
        if (latency != null) {
            exchange.header(LATENCY_MS, Long.toString(latency.toMillis()));
        }
        if (provider != null) {
            exchange.header(PROVIDER, provider);
        }
    }
}
