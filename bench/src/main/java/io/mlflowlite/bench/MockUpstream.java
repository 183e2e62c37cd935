package io.mlflowlite.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The upstream of the server bench, run as a process of its own so its CPU is not charged to the gateway: an
 * OpenAI chat completions endpoint that answers every {@code POST /v1/chat/completions} at once with the same
 * small, realistic completion (usage included, so the gateway prices and traces it as a real one). The JDK's
 * HTTP server on virtual threads: it sustains well over 10,000 requests/s on loopback here, several times the
 * gateway's rates, so the upstream is never what limits a step.
 */
public final class MockUpstream {
    static final String PATH = "/v1/chat/completions";
    static final byte[] COMPLETION = """
            {"id":"chatcmpl-BQ3kx8sJwEYVq1uC0nV7pTf2mZr4L","object":"chat.completion","created":1745923812,\
            "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant",\
            "content":"The capital of France is Paris.","refusal":null,"annotations":[]},"logprobs":null,\
            "finish_reason":"stop"}],"usage":{"prompt_tokens":24,"completion_tokens":8,"total_tokens":32,\
            "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":\
            {"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},\
            "service_tier":"default","system_fingerprint":"fp_0392822090"}""".getBytes(StandardCharsets.UTF_8);

    private MockUpstream() {}

    /** {@code [port]} (default 0: a free one); prints {@code mock upstream listening on http://…} once bound. */
    public static void main(String[] args) throws IOException {
        HttpServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        System.out.println("mock upstream listening on http://127.0.0.1:"
                + server.getAddress().getPort());
    }

    /** Starts the mock on {@code port} of the loopback interface (0: a free one); stop it with {@code stop(0)}. */
    static HttpServer start(int port) throws IOException {
        // Keep-alive connections stay open, as a real provider's do. By default the JDK server closes a connection
        // idle for 30 s (the gateway's, while the bench measures the mock directly) and any idle one past the
        // 200th (a load spike opens more), and a client that reuses it sees the request fail.
        System.setProperty("sun.net.httpserver.idleInterval", "3600");
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.createContext(PATH, MockUpstream::answer);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, COMPLETION.length);
            exchange.getResponseBody().write(COMPLETION);
        }
    }
}
