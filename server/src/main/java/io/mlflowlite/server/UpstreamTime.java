package io.mlflowlite.server;

import io.mlflowlite.error.Attempt;
import java.util.List;

/**
 * How long a call waited on providers, from the attempt log the pipeline keeps: each attempt's latency plus the
 * backoff before it (a wait the providers' failures caused, not gateway work).
 *
 * <p>Why the attempt log and not an interceptor: a server is handed a built {@link io.mlflowlite.gateway.Gateway} and cannot
 * add steps to it, and an interceptor sits outside the retry step, so it would time exactly the same window
 * (attempts plus backoffs, plus the loop between them). The log is kept for every call anyway, costs the server
 * nothing, and also comes with failures. What an attempt's latency includes besides the network wait: the adapter
 * encoding the request and decoding the answer, and pricing it; so the overhead histogram measures the ingress
 * (body read, JSON parse, validation, admission), the pipeline's own steps (tracing, routing, retries
 * bookkeeping) and writing the response, and leaves out the adapters' codec work, which is in the microseconds.
 */
final class UpstreamTime {
    private UpstreamTime() {}

    static long nanos(List<Attempt> attempts) {
        long total = 0;
        for (Attempt attempt : attempts) {
            total += attempt.latency().toNanos() + attempt.backoff().toNanos();
        }
        return total;
    }
}
