package io.mlflowlite.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway server on an ephemeral port with everything around it: a {@link MockLlmServer} playing OpenAI (the
 * gateway's {@code OPENAI_BASE_URL}), tracing into memory, and clients (the official OpenAI SDK, raw HTTP).
 * Retries are off so each test enqueues exactly the upstream answers it means.
 */
final class TestServer implements AutoCloseable {
    final MockLlmServer upstream = MockLlmServer.start();
    final InMemoryTraceStore store = new InMemoryTraceStore(1000);
    final Tracing tracing;
    final Gateway gateway;
    final GatewayServer server;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private OpenAIClient openAi;

    private TestServer(Consumer<Gateway.Builder> gatewayConfig, Consumer<GatewayServer.Builder> serverConfig) {
        this((builder, upstream) -> gatewayConfig.accept(builder), serverConfig);
    }

    private TestServer(
            BiConsumer<Gateway.Builder, MockLlmServer> gatewayConfig, Consumer<GatewayServer.Builder> serverConfig) {
        try {
            Path spill = Files.createTempDirectory("mlflowlite-server-test");
            tracing = Tracing.builder()
                    .store(store)
                    .spillDir(spill)
                    .experiment("server-tests")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Gateway.Builder gatewayBuilder = Gateway.builder()
                .env(Map.of("OPENAI_API_KEY", "sk-upstream-test", "OPENAI_BASE_URL", upstream.url("/v1")))
                .tracing(tracing)
                .maxRetries(0);
        gatewayConfig.accept(gatewayBuilder, upstream);
        gateway = gatewayBuilder.build();
        GatewayServer.Builder serverBuilder =
                GatewayServer.builder().gateway(gateway).port(0);
        serverConfig.accept(serverBuilder);
        server = serverBuilder.build().start();
    }

    static TestServer start() {
        return new TestServer(g -> {}, s -> {});
    }

    static TestServer start(Consumer<GatewayServer.Builder> serverConfig) {
        return new TestServer(g -> {}, serverConfig);
    }

    static TestServer start(Consumer<Gateway.Builder> gatewayConfig, Consumer<GatewayServer.Builder> serverConfig) {
        return new TestServer(gatewayConfig, serverConfig);
    }

    /** A server whose gateway reaches OpenAI, Anthropic and Gemini all at the one mock upstream. */
    static TestServer startWithEveryWireFormat() {
        return new TestServer(
                (BiConsumer<Gateway.Builder, MockLlmServer>) (builder, upstream) -> builder.env(Map.of(
                        "OPENAI_API_KEY",
                        "sk-upstream-test",
                        "OPENAI_BASE_URL",
                        upstream.url("/v1"),
                        "ANTHROPIC_API_KEY",
                        "sk-ant-upstream-test",
                        "ANTHROPIC_BASE_URL",
                        upstream.url(),
                        "GEMINI_API_KEY",
                        "gm-upstream-test",
                        "GEMINI_BASE_URL",
                        upstream.url("/v1beta"))),
                s -> {});
    }

    /** The official OpenAI SDK pointed at the server, its own retries off. */
    OpenAIClient openAi() {
        if (openAi == null) {
            openAi = OpenAIOkHttpClient.builder()
                    .baseUrl(server.url() + "/v1")
                    .apiKey("sk-client-of-the-gateway")
                    .maxRetries(0)
                    .build();
        }
        return openAi;
    }

    HttpResponse<String> post(String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create(server.url() + path);
    }

    /** The value of one sample of {@code /metrics}, such as {@code name{a="b"}}; empty when absent. */
    Optional<Double> metric(String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$")
                .matcher(get("/metrics").body());
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    /** The trace {@code traceId} once it reached the store. */
    Trace storedTrace(String traceId) {
        tracing.flush(Duration.ofSeconds(5));
        return store.get(traceId).orElseThrow(() -> new AssertionError("trace " + traceId + " was not stored"));
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body());
    }

    /** Waits for {@code condition}, polling, failing after {@code timeout}. Not a timed assertion: a deadline. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up waiting after " + timeout + " for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + what, e);
            }
        }
    }

    @Override
    public void close() {
        server.close();
        if (openAi != null) {
            openAi.close();
        }
        gateway.close();
        tracing.close();
        upstream.close();
        http.close();
    }
}
