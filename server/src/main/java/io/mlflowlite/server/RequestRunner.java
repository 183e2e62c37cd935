package io.mlflowlite.server;

import java.lang.System.Logger.Level;

/**
 * Runs every request the same way, whatever its route: gives it an {@code x-request-id}, counts API requests in
 * flight (and refuses new ones with 503 while draining), turns any failure into OpenAI's error JSON, and records
 * metrics when it ends. Thread-safe; one instance serves all requests.
 */
final class RequestRunner {
    /** The status recorded for a stream whose client left before its end (nginx's "client closed request"). */
    static final int CLIENT_CLOSED = 499;

    private static final ApiError SHUTTING_DOWN = ApiError.of(
                    503,
                    "api_error",
                    "server_shutting_down",
                    "This gateway is shutting down; send the request again (another instance will serve it).")
            .withHeader("connection", "close");
    private static final System.Logger LOG = System.getLogger(RequestRunner.class.getName());

    private final ServerMetrics metrics;
    private final Drain drain;
    private final Admission admission;
    private final LargeBodies largeBodies;

    RequestRunner(ServerMetrics metrics, Drain drain, Admission admission, LargeBodies largeBodies) {
        this.metrics = metrics;
        this.drain = drain;
        this.admission = admission;
        this.largeBodies = largeBodies;
    }

    void run(Route route, Exchange exchange) {
        long start = System.nanoTime();
        String requestId = RequestIds.of(exchange);
        exchange.header("x-request-id", requestId);
        RequestScope scope = new RequestScope(route, requestId, start, admission, exchange);
        boolean api = route.kind() == Route.Kind.API;
        if (api && !drain.tryEnter()) {
            respond(exchange, SHUTTING_DOWN, route.errorStyle());
            metrics.request(route.path(), exchange.method(), 503);
            return;
        }
        int cut = 0;
        int held = 0;
        try {
            if (api) {
                held = largeBodies.enter(exchange);
            }
            route.handler().handle(exchange, scope);
        } catch (ClientGoneException e) {
            scope.disconnected();
        } catch (RequestTimeoutException e) {
            // the body deadline cut the connection: nothing can be answered, and it is no server bug
            cut = RequestTimeoutException.STATUS;
            LOG.log(Level.DEBUG, () -> "Request " + requestId + ": " + e.getMessage());
        } catch (Exception e) {
            fail(exchange, scope, e, route.errorStyle());
        } finally {
            largeBodies.leave(held);
            if (api) {
                drain.leave();
            }
            scope.finish(metrics, scope.wasDisconnected() ? CLIENT_CLOSED : cut != 0 ? cut : exchange.status());
        }
    }

    private void fail(Exchange exchange, RequestScope scope, Exception failure, Route.ErrorStyle style) {
        String requestId = scope.requestId;
        // a handler the drain deadline interrupted: the shutdown's doing, not a bug
        ApiError error = drain.draining() && interrupted(failure) ? SHUTTING_DOWN : ApiErrors.from(failure, requestId);
        scope.callFailed(failure, error);
        if (ApiErrors.isInternal(error)) {
            LOG.log(
                    Level.ERROR,
                    "Request " + requestId + " " + exchange.method() + " " + exchange.path() + " failed unexpectedly",
                    failure);
        } else {
            LOG.log(Level.DEBUG, () -> "Request " + requestId + " answered " + error.status() + ": " + error.message());
        }
        if (exchange.committed()) {
            // the status line went out already; a streaming route writes its own error event before it gets here
            LOG.log(Level.WARNING, "Request " + requestId + " failed after its response started: " + failure);
            return;
        }
        respond(exchange, error, style);
    }

    private static boolean interrupted(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    static void respond(Exchange exchange, ApiError error, Route.ErrorStyle style) {
        error.headers().forEach(exchange::header);
        exchange.send(error.status(), "application/json", error.toBytes(style));
    }
}
