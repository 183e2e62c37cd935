package io.mlflowlite.server;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Helidon SE web server under the gateway: one virtual thread per request, blocking handlers. This class and
 * {@link HelidonExchange} are the only ones that see Helidon; the routes see {@link Exchange}.
 */
final class HelidonListener {
    private final String host;
    private final int port;
    private final Duration grace;
    private final RouteTable table;
    private final RequestRunner runner;
    private final ConnectionLimits limits;
    private final ReadDeadlines deadlines = new ReadDeadlines();
    private WebServer server;

    /**
     * @param grace how long Helidon's own stop waits for handlers still running before interrupting them; the
     *              server drains in-flight requests itself before, so this only bounds the stragglers
     */
    HelidonListener(
            String host, int port, Duration grace, RouteTable table, RequestRunner runner, ConnectionLimits limits) {
        this.limits = limits;
        this.host = host;
        this.port = port;
        this.grace = grace;
        this.table = table;
        this.runner = runner;
    }

    /** Builds and starts the web server: built only here, so a server never started holds nothing. */
    void start() {
        server = WebServer.builder()
                .host(host)
                .port(port)
                // Ctrl-C must drain through GatewayServer.stop(), not stop the listener at once
                .shutdownHook(false)
                .shutdownGracePeriod(grace)
                .featuresDiscoverServices(false)
                // a connection idle this long (no request, or a request line not finished) is closed
                .idleConnectionTimeout(limits.idleTimeout())
                .idleConnectionPeriod(limits.idleCheckPeriod())
                // past the cap the listener stops accepting: clients wait in the backlog instead of being
                // accepted and dropped, and accept never runs out of file descriptors
                .maxTcpConnections(limits.maxConnections())
                // Nagle's algorithm off (Helidon leaves it on): a streamed response's head and each event are
                // separate writes, and with Nagle on the write after the head waits for the client's ACK, which a
                // client delays up to 40 ms; the first token came 40-45 ms late (bench/run stream)
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .protocolsDiscoverServices(false)
                .addProtocol(Http1Config.builder()
                        .addReceiveListener(new HeaderDeadline(deadlines, limits.headerTimeout()))
                        .build())
                .directHandlers(jsonDirectHandlers())
                .routing(routing -> register(routing, table, runner, deadlines, limits.bodyTimeout()))
                .build()
                .start();
        // Helidon logs a failed bind and returns a server that is not running (port -1) instead of throwing
        if (!server.isRunning() || server.port() < 0) {
            server.stop();
            throw new java.io.UncheckedIOException(new java.net.BindException(
                    "cannot listen on " + host + ":" + port + " (is the port already in use?)"));
        }
    }

    int port() {
        return server.port();
    }

    /** Closes the listening socket and every connection, interrupting handlers still running after the grace. */
    void stop() {
        if (server != null) {
            server.stop();
        }
        deadlines.close();
    }

    private static void register(
            HttpRouting.Builder routing,
            RouteTable table,
            RequestRunner runner,
            ReadDeadlines deadlines,
            Duration bodyTimeout) {
        for (Route route : table.routes()) {
            routing.route(Method.create(route.method()), route.path(), handler(route, runner, deadlines, bodyTimeout));
        }
        for (Map.Entry<String, List<String>> path : table.methodsByPath().entrySet()) {
            routing.any(
                    path.getKey(),
                    handler(
                            RouteTable.methodNotAllowed(
                                    path.getKey(), path.getValue(), table.errorStyle(path.getKey())),
                            runner,
                            deadlines,
                            bodyTimeout));
        }
        routing.any(handler(RouteTable.notFound(), runner, deadlines, bodyTimeout));
    }

    private static Handler handler(Route route, RequestRunner runner, ReadDeadlines deadlines, Duration bodyTimeout) {
        return (request, response) -> {
            HelidonExchange exchange = new HelidonExchange(request, response, deadlines, bodyTimeout);
            runner.run(route, exchange);
            if (exchange.closeConnection() || !exchange.committed()) {
                if (exchange.committed()) {
                    exchange.lingerOnUnreadBody(); // so a client still sending reads the answer, not a reset
                }
                // the only way to make the web server end the connection after a response it already sent; a
                // request left unanswered (its body read was cut) has nothing to send and no connection to keep
                throw new CloseConnectionException("the response said Connection: close");
            }
        };
    }

    /**
     * Requests Helidon refuses before routing (a malformed request line, headers too large) also get OpenAI's
     * error JSON instead of plain text.
     */
    private static DirectHandlers jsonDirectHandlers() {
        DirectHandler json = (request, event, status, headers, message) -> {
            boolean ours = status.code() >= 500;
            ApiError error = ApiError.of(
                    status.code(),
                    ours ? "api_error" : "invalid_request_error",
                    null,
                    ours || message == null || message.isBlank() ? status.reasonPhrase() : message);
            headers.set(HeaderNames.CONTENT_TYPE, "application/json");
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .keepAlive(event.keepAlive())
                    .entity(error.toBytes())
                    .build();
        };
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (DirectHandler.EventType event : DirectHandler.EventType.values()) {
            handlers.addHandler(event, json);
        }
        return handlers.build();
    }
}
