package io.mlflowlite.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mlflowlite.webui.WebRequest;
import io.mlflowlite.webui.WebResponse;
import io.mlflowlite.webui.WebUi;
import io.mlflowlite.webui.WebUiContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web UI on its own, without a gateway ({@code mlflowlite ui}): the JDK's HTTP server, one virtual thread per
 * request, serving {@link WebUi#ROOT} (and sending {@code /} there). Thread-safe.
 */
public final class UiServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;
    private final WebUi ui;
    private final String host;

    private UiServer(HttpServer server, ExecutorService threads, WebUi ui, String host) {
        this.server = server;
        this.threads = threads;
        this.ui = ui;
        this.host = host;
    }

    /**
     * Opens the stores of {@code context}, binds {@code host}:{@code port} (0 picks a free port) and serves.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static UiServer start(String host, int port, WebUiContext context) {
        WebUi ui = new UiProvider().create(context);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            ui.close();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().equals("/")) {
                    exchange.getResponseHeaders().set("Location", WebUi.ROOT + "/");
                    exchange.sendResponseHeaders(302, -1);
                } else {
                    byte[] body = "Not found: the UI is under /ui/".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(404, body.length);
                    exchange.getResponseBody().write(body);
                }
            }
        });
        server.createContext(WebUi.ROOT, exchange -> serve(ui, exchange));
        server.start();
        return new UiServer(server, threads, ui, host);
    }

    private static final List<String> HEADERS = List.of("cookie", "content-type", "host", "origin");

    private static void serve(WebUi ui, HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals(WebUi.ROOT)) {
                exchange.getResponseHeaders().set("Location", WebUi.ROOT + "/");
                exchange.sendResponseHeaders(308, -1);
                return;
            }
            if (!method.equals("GET") && !method.equals("POST") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : HEADERS) {
                String v = exchange.getRequestHeaders().getFirst(name);
                if (v != null) {
                    headers.put(name, v);
                }
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(64 * 1024 + 1);
            }
            if (body.length > 64 * 1024) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            WebResponse response =
                    ui.handle(new WebRequest(method, path.substring(WebUi.ROOT.length()), query, headers, body));
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean empty = response.body().length == 0 || method.equals("HEAD");
            exchange.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The UI's address, such as {@code http://127.0.0.1:4100/ui/}. */
    public String url() {
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (shown.contains(":") && !shown.startsWith("[")) {
            shown = "[" + shown + "]";
        }
        return "http://" + shown + ":" + port() + WebUi.ROOT + "/";
    }

    /** Stops serving (requests in flight get a second) and closes the stores the UI opened. */
    @Override
    public void close() {
        server.stop(1);
        threads.close();
        ui.close();
    }
}
