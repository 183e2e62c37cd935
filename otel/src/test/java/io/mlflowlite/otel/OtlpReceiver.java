package io.mlflowlite.otel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in OTLP/HTTP collector on a real socket: records every POST (headers, the decoded
 * {@link ExportTraceServiceRequest}) before answering it with the next scripted {@link Reply}, or 200 with an
 * empty {@link ExportTraceServiceResponse} when none is scripted.
 */
final class OtlpReceiver implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    /** A recorded request: lower-cased header names, the raw body and its decoding. */
    record Received(String path, Map<String, List<String>> headers, byte[] body, ExportTraceServiceRequest request) {
        Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }

        List<Span> spans() {
            List<Span> spans = new ArrayList<>();
            request.getResourceSpansList()
                    .forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList())));
            return spans;
        }

        long traceCount() {
            return spans().stream().map(Span::getTraceId).distinct().count();
        }
    }

    /** How to answer one request; {@code gate}, when set, holds the answer until it opens. */
    record Reply(int status, Map<String, String> headers, byte[] body, CountDownLatch gate) {
        static Reply ok() {
            return new Reply(
                    200,
                    Map.of("Content-Type", "application/x-protobuf"),
                    ExportTraceServiceResponse.getDefaultInstance().toByteArray(),
                    null);
        }

        static Reply ok(ExportTraceServiceResponse response) {
            return new Reply(200, Map.of("Content-Type", "application/x-protobuf"), response.toByteArray(), null);
        }

        static Reply status(int status, Map<String, String> headers, String body) {
            return new Reply(status, headers, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
        }

        Reply heldUntil(CountDownLatch latch) {
            return new Reply(status, headers, body, latch);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static OtlpReceiver start() throws IOException {
        return new OtlpReceiver();
    }

    /** The full URL of this receiver's {@code /v1/traces}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    void enqueue(Reply reply) {
        script.add(reply);
    }

    List<Received> requests() {
        return List.copyOf(received);
    }

    /** Waits (up to a generous deadline) until at least {@code n} requests have arrived. */
    List<Received> awaitRequests(int n) {
        await(() -> received.size() >= n, n + " OTLP request(s), got " + received.size());
        return requests();
    }

    List<Span> allSpans() {
        return received.stream().flatMap(r -> r.spans().stream()).toList();
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up waiting for " + what);
            }
            // A short park between checks of the condition, not a guess at how long the work takes.
            LockSupport.parkNanos(1_000_000);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            byte[] body = "gzip".equalsIgnoreCase(encoding) ? gunzip(raw) : raw;
            Map<String, List<String>> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            received.add(new Received(
                    exchange.getRequestURI().getPath(), headers, raw, ExportTraceServiceRequest.parseFrom(body)));
            Reply reply = script.poll();
            reply = reply == null ? Reply.ok() : reply;
            if (reply.gate() != null) {
                reply.gate().await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] gunzip(byte[] raw) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
