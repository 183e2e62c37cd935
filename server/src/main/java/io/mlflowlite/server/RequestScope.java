package io.mlflowlite.server;

import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.ProviderException;
import java.math.BigDecimal;

/**
 * What the server learns about one request while serving it: its id and start, the model asked for, the
 * pipeline call it made and how long that waited on providers. Handlers fill it in; {@link RequestRunner} turns
 * it into metrics and the admission ticket's outcome. Used by the request's own thread only.
 */
final class RequestScope {
    final Route route;
    final String requestId;
    final long startNanos;
    private final Admission admission;
    private final Exchange exchange;
    private Admission.Ticket ticket = Admission.Ticket.NONE;

    private String model;
    private String operation;
    private long callStart;
    private long callEnd;
    private boolean calling;
    private boolean called;
    private boolean succeeded;
    private String provider = "";
    private String errorType;
    private boolean failedUpstream;
    private long inputTokens;
    private long outputTokens;
    private BigDecimal cost = BigDecimal.ZERO;
    private long upstreamNanos;
    private boolean disconnected;

    RequestScope(Route route, String requestId, long startNanos, Admission admission, Exchange exchange) {
        this.route = route;
        this.requestId = requestId;
        this.startNanos = startNanos;
        this.admission = admission;
        this.exchange = exchange;
    }

    /** Passes the request through {@link Admission} for {@code requestedModel}; throws when refused. */
    void admit(String requestedModel) {
        admit(requestedModel, null);
    }

    private void admit(String requestedModel, io.mlflowlite.chat.ChatRequest chat) {
        this.model = requestedModel;
        ticket = admission.admit(new Admission.Request(route.path(), requestedModel, exchange::header, chat));
        ticket.responseHeaders().forEach(exchange::header);
    }

    /** Admits a chat request and returns it with the admission's labels (the key id) for its trace. */
    io.mlflowlite.chat.ChatRequest admitChat(io.mlflowlite.chat.ChatRequest request) {
        admit(request.model(), request);
        if (ticket.labels().isEmpty()) {
            return request;
        }
        io.mlflowlite.chat.ChatRequest.Builder labelled = request.toBuilder();
        ticket.labels().forEach(labelled::metadata);
        return labelled.build();
    }

    /** The admission's labels of this request (the API key's id and name), empty before admission or without keys. */
    java.util.Map<String, String> labels() {
        return ticket.labels();
    }

    /** The pipeline call ({@code chat}, {@code embeddings}) starts now. */
    void callStarted(String operationName) {
        this.operation = operationName;
        this.callStart = System.nanoTime();
        this.calling = true;
    }

    /** The call answered; {@code upstream} is how long of it was spent waiting on providers. */
    void callSucceeded(String servedBy, Usage usage, Cost callCost, long upstream) {
        ended();
        succeeded = true;
        provider = servedBy == null ? "" : servedBy;
        inputTokens = usage.promptTokens();
        outputTokens = usage.completionTokens();
        cost = callCost.total();
        upstreamNanos = upstream;
    }

    /** The call under way failed with {@code failure}, answered as {@code error}; no-op when none is open. */
    void callFailed(Throwable failure, ApiError error) {
        if (!calling) {
            return;
        }
        ended();
        errorType = error.code() != null ? error.code() : error.type();
        // refused here (bad request, unknown model, no key configured) is no GenAI operation; anything else
        // (a provider's error status, a timeout, a dropped stream) is one that failed
        failedUpstream = !(failure instanceof InvalidRequestException
                || failure instanceof ApiException
                || failure instanceof ConfigurationException);
        if (failure instanceof ProviderException p) {
            provider = p.provider();
        }
    }

    private void ended() {
        callEnd = System.nanoTime();
        calling = false;
        called = true;
    }

    void disconnected() {
        disconnected = true;
    }

    boolean wasDisconnected() {
        return disconnected;
    }

    /** Records what this request did, once it ended. */
    void finish(ServerMetrics metrics, int status) {
        long end = System.nanoTime();
        metrics.request(route.path(), exchange.method(), status);
        if (called && (succeeded || failedUpstream)) {
            metrics.operation(operation, model, provider, callEnd - callStart, succeeded ? null : errorType);
        }
        if (succeeded) {
            metrics.usage(model, provider, inputTokens, outputTokens, cost.doubleValue());
            if (!disconnected) {
                metrics.overhead(route.path(), end - startNanos - upstreamNanos);
            }
        }
        if (disconnected) {
            metrics.disconnect(route.path());
        }
        if (exchange.accessLogged()) {
            AccessLog.request(
                    exchange.method(),
                    exchange.path(),
                    status,
                    model,
                    end - startNanos,
                    exchange.responseHeader(ResponseHeaders.TRACE_ID).orElse(null));
        }
        try {
            ticket.completed(new Admission.Outcome(status, model, provider, inputTokens, outputTokens, cost));
        } catch (RuntimeException e) {
            System.getLogger(RequestScope.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "Admission ticket threw on completion; its contract says it must not",
                            e);
        }
    }
}
