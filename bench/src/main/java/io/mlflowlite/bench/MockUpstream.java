package io.mlflowlite.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * The upstream of the server bench, run as a process of its own so its CPU is not charged to the gateway: an
 * OpenAI chat completions endpoint that answers every {@code POST /v1/chat/completions} at once with the same
 * small, realistic completion (usage included, so the gateway prices and traces it as a real one). The JDK's
 * HTTP server on virtual threads: it sustains well over 10,000 requests/s on loopback here, several times the
 * gateway's rates, so the upstream is never what limits a step.
 *
 * <p>A request whose body asks for {@code "stream":true} is answered as OpenAI streams: server-sent events
 * ({@code chat.completion.chunk}), the first {@link Streaming#firstChunk()} after the request arrived, then one
 * every {@link Streaming#interval()}, a last one with usage, and {@code data: [DONE]}; each event is flushed on its
 * own, with Nagle's algorithm off ({@code TCP_NODELAY}), as a provider sends tokens as they are generated.
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
    private static final byte[] STREAM_MARKER = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);
    private static final String CHUNK_HEAD = "data: {\"id\":\"chatcmpl-BQ3kx8sJwEYVq1uC0nV7pTf2mZr4L\","
            + "\"object\":\"chat.completion.chunk\",\"created\":1745923812,\"model\":\"gpt-4o-mini-2024-07-18\","
            + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_0392822090\",";

    /**
     * How streamed answers are paced.
     *
     * @param firstChunk from the request's arrival to the first event (the model's time to first token)
     * @param interval   between one event and the next
     * @param chunks     content events (each one token), before the usage event and {@code [DONE]}
     */
    record Streaming(Duration firstChunk, Duration interval, int chunks) {
        static final Streaming DEFAULT = new Streaming(Duration.ofMillis(20), Duration.ofMillis(5), 10);

        Streaming {
            if (firstChunk.isNegative() || interval.isNegative() || chunks < 1) {
                throw new IllegalArgumentException("Streaming needs delays >= 0 and at least one chunk, not "
                        + firstChunk + ", " + interval + ", " + chunks);
            }
        }

        /** The mock's command line arguments that select this pacing. */
        java.util.List<String> args() {
            return java.util.List.of(
                    "--first-chunk-ms",
                    Long.toString(firstChunk.toMillis()),
                    "--chunk-interval-ms",
                    Long.toString(interval.toMillis()),
                    "--chunks",
                    Integer.toString(chunks));
        }
    }

    private MockUpstream() {}

    /**
     * {@code [port] [--first-chunk-ms 20] [--chunk-interval-ms 5] [--chunks 10]} (port 0, the default: a free one);
     * prints {@code mock upstream listening on http://…} once bound.
     */
    public static void main(String[] args) throws IOException {
        int port = 0;
        long first = Streaming.DEFAULT.firstChunk().toMillis();
        long interval = Streaming.DEFAULT.interval().toMillis();
        int chunks = Streaming.DEFAULT.chunks();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--first-chunk-ms" -> first = Long.parseLong(args[++i]);
                case "--chunk-interval-ms" -> interval = Long.parseLong(args[++i]);
                case "--chunks" -> chunks = Integer.parseInt(args[++i]);
                default -> port = Integer.parseInt(args[i]);
            }
        }
        HttpServer server = start(port, new Streaming(Duration.ofMillis(first), Duration.ofMillis(interval), chunks));
        System.out.println("mock upstream listening on http://127.0.0.1:"
                + server.getAddress().getPort());
    }

    /** Starts the mock on {@code port} of the loopback interface (0: a free one); stop it with {@code stop(0)}. */
    static HttpServer start(int port) throws IOException {
        return start(port, Streaming.DEFAULT);
    }

    /** Like {@link #start(int)}, pacing streamed answers as {@code streaming} says. */
    static HttpServer start(int port, Streaming streaming) throws IOException {
        // Keep-alive connections stay open, as a real provider's do. By default the JDK server closes a connection
        // idle for 30 s (the gateway's, while the bench measures the mock directly) and any idle one past the
        // 200th (a load spike opens more), and a client that reuses it sees the request fail.
        System.setProperty("sun.net.httpserver.idleInterval", "3600");
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        // each streamed event leaves at once, as from a real provider (the JDK server leaves Nagle on by default)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.createContext(PATH, exchange -> answer(exchange, streaming));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, Streaming streaming) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (contains(body, STREAM_MARKER)) {
                stream(exchange, streaming, arrived);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, COMPLETION.length);
            exchange.getResponseBody().write(COMPLETION);
        }
    }

    /** Events paced from {@code arrived}: event {@code i} is due at first + i × interval, whatever came before. */
    private static void stream(HttpExchange exchange, Streaming streaming, long arrived) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0); // chunked
        OutputStream out = exchange.getResponseBody();
        long first = arrived + streaming.firstChunk().toNanos();
        long interval = streaming.interval().toNanos();
        for (int i = 0; i < streaming.chunks(); i++) {
            sleepUntil(first + i * interval);
            String delta = i == 0 ? "{\"role\":\"assistant\",\"content\":\"The\"}" : "{\"content\":\" token\"}";
            out.write(event("\"choices\":[{\"index\":0,\"delta\":" + delta
                    + ",\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}"));
            out.flush();
        }
        sleepUntil(first + streaming.chunks() * interval);
        out.write(event("\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":null}"));
        out.write(event("\"choices\":[],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":" + streaming.chunks()
                + ",\"total_tokens\":" + (24 + streaming.chunks()) + "}}"));
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static byte[] event(String rest) {
        return (CHUNK_HEAD + rest + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void sleepUntil(long due) {
        for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
