package io.mlflowlite.server;

import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.EmbeddingResponse;
import java.time.Duration;
import java.util.Map;

/** The gateway's own response headers: where the trace is, what the call cost, how long it took, who served it. */
final class ResponseHeaders {
    static final String TRACE_ID = "x-mlflowlite-trace-id";
    static final String COST_USD = "x-mlflowlite-cost-usd";
    static final String LATENCY_MS = "x-mlflowlite-latency-ms";
    static final String PROVIDER = "x-mlflowlite-provider";

    private ResponseHeaders() {}

    /** Prefix of the routing labels a route strategy set ({@code x-mlflowlite-variant}, …). */
    static final String LABEL_PREFIX = "x-mlflowlite-";

    static void completion(Exchange exchange, ChatResponse response) {
        response.traceId().ifPresent(id -> exchange.header(TRACE_ID, id));
        labels(exchange, response.labels());
        call(exchange, response.cost(), response.latency(), response.provider());
    }

    /** What a stream's response headers say before its first chunk: the trace id and the routing labels. */
    static void streamStart(Exchange exchange, ChatStream stream) {
        stream.traceId().ifPresent(id -> exchange.header(TRACE_ID, id));
        labels(exchange, stream.labels());
    }

    /**
     * The routing decision's labels, as {@code x-mlflowlite-strategy}, {@code x-mlflowlite-destination},
     * {@code x-mlflowlite-tier}, {@code x-mlflowlite-experiment}, {@code x-mlflowlite-variant}.
     */
    private static void labels(Exchange exchange, Map<String, String> labels) {
        labels.forEach((name, value) -> {
            if (value != null && name.matches("[a-z0-9_.-]+")) {
                exchange.header(LABEL_PREFIX + name.replace('_', '-').replace('.', '-'), value);
            }
        });
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
