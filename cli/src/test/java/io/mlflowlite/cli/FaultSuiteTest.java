package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite: one real gateway process ({@code mlflowlite serve} in its own JVM with a bounded heap) in front
 * of upstreams that misbehave, and clients that attack it. Each fault gets the status and the error shape of the
 * API it came in on; afterwards the process is still up, its memory bounded, and every response that named a
 * trace has that trace in the store once the gateway has shut down — zero lost traces.
 *
 * <p>Run it alone with {@code mvn -pl cli -am test -Dtest=FaultSuiteTest -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code ./test} runs it with the rest.
 */
class FaultSuiteTest {
    private static final long GIANT = 2L * 1024 * 1024 * 1024;

    @TempDir
    Path work;

    private MockLlmServer upstream;
    private GiantUpstream giant;
    private Process gateway;
    private String url;
    private final List<String> traceIds = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        upstream = MockLlmServer.start();
        upstream.setDispatcher(
                request -> upstreamAnswer(request.jsonBody().path("model").asText()));
        giant = new GiantUpstream();
        Path config = work.resolve("gateway.yaml");
        Files.writeString(config, """
                endpoints:
                %s  - name: giant
                    endpoint_type: llm/v1/chat
                    model: {provider: openai, name: gpt-4o-mini, config: {openai_api_key: sk-fault-suite, openai_api_base: "%s"}}
                    max_retries: 0
                    timeout_seconds: 20
                  - name: mini
                    endpoint_type: llm/v1/chat
                    model: {provider: mock, name: mini}
                """.formatted(faultEndpoints(upstream.url("/v1")), giant.url()));
        gateway = ChildMain.start(
                work,
                Map.of(
                        "MLFLOWLITE_STORE",
                        "jdbc:sqlite:" + work.resolve("traces.db"),
                        "MLFLOWLITE_SPILL_DIR",
                        work.resolve("spill").toString(),
                        "JAVA_TOOL_OPTIONS",
                        "-Xmx256m"),
                "serve",
                "--port",
                "0",
                "--config",
                config.toString(),
                "--header-timeout",
                "2",
                "--body-timeout",
                "2",
                "--idle-timeout",
                "60");
        url = ProcessLines.serveUrl(ProcessLines.of(gateway.getInputStream()));
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.destroyForcibly();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (giant != null) {
            giant.close();
        }
    }

    /** One endpoint per upstream fault, each its own upstream model, so one fault's circuit breaker spares the rest. */
    private static String faultEndpoints(String base) {
        StringBuilder yaml = new StringBuilder();
        for (String fault : List.of(
                "rate-limited", "server-error", "hang", "reset", "garbage", "truncated", "keepalive", "healthy")) {
            yaml.append("  - name: ").append(fault).append("""

                        endpoint_type: llm/v1/chat
                        model: {provider: openai, name: %s, config: {openai_api_key: sk-fault-suite, openai_api_base: "%s"}}
                        max_retries: 1
                        timeout_seconds: 2
                    """.formatted(fault, base));
        }
        return yaml.toString();
    }

    private static MockResponse upstreamAnswer(String model) {
        return switch (model) {
            case "rate-limited" ->
                MockResponse.json(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}")
                        .header("Retry-After", "0");
            case "server-error" ->
                MockResponse.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
            case "hang" -> MockResponse.fault(Fault.STALL);
            case "reset" -> MockResponse.fault(Fault.RESET);
            case "garbage" -> MockResponse.text(200, "application/json", "{\"id\": \"chatcmpl-1\", \"choices\": [tru");
            case "truncated" ->
                MockResponse.sse(chunk("one "), chunk("two "), chunk("three "), "data: [DONE]\n\n")
                        .eventDelay(Duration.ofMillis(200))
                        .truncateAfter(2);
            case "keepalive" -> {
                List<String> events = new ArrayList<>(List.of(chunk("tick")));
                events.addAll(java.util.Collections.nCopies(300, ": keepalive\n\n"));
                yield MockResponse.sse(events.toArray(String[]::new)).eventDelay(Duration.ofMillis(100));
            }
            default -> MockResponse.json(200, completion("fine"));
        };
    }

    @Test
    void everyFaultGetsItsStatusAndShapeAndNoTraceIsLost() throws Exception {
        // upstream faults, OpenAI ingress
        assertOpenAiError(chat("rate-limited", "hi", false), 429);
        assertOpenAiError(chat("server-error", "hi", false), 500); // the provider's own status, after its retry
        assertOpenAiError(chat("hang", "hi", false), 504);
        assertOpenAiError(chat("reset", "hi", false), 502);
        assertOpenAiError(chat("garbage", "hi", false), 502);
        assertOpenAiError(chat("giant", "hi", false), 502);
        HttpResponse<String> truncated = chat("truncated", "hi", true);
        assertThat(truncated.statusCode()).as(truncated.body()).isEqualTo(200);
        assertThat(truncated.body()).contains("one ").contains("\"error\"").doesNotContain("[DONE]");
        HttpResponse<String> keepalive = chat("keepalive", "hi", true);
        assertThat(keepalive.body()).contains("tick").contains("\"error\"").doesNotContain("[DONE]");
        assertThat(chat("healthy", "hi", false).statusCode()).isEqualTo(200);
        // a provider that keeps failing opens its circuit: fast 503s that name it, the other models unaffected
        HttpResponse<String> failing = chat("server-error", "hi", false);
        for (int i = 0; i < 10 && failing.statusCode() == 500; i++) {
            failing = chat("server-error", "hi", false);
        }
        assertOpenAiError(failing, 503);
        assertThat(failing.body()).contains("circuit_open");
        assertThat(chat("healthy", "hi", false).statusCode()).isEqualTo(200);

        // hostile clients
        assertOpenAiError(post("/v1/embeddings", embeddings(3000)), 400);
        assertOpenAiError(post("/v1/chat/completions", chatBody("mini", "x".repeat(11 * 1024 * 1024), false)), 413);
        assertOpenAiError(
                post(
                        "/v1/chat/completions",
                        "{\"model\":\"mini\",\"max_tokens\":1000000000000000000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                400);
        HttpResponse<String> wrongMethod = send(
                HttpRequest.newBuilder(URI.create(url + "/v1/messages")).GET().build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Json.read(wrongMethod.body()).path("type").asText()).isEqualTo("error");
        assertThat(Json.read(wrongMethod.body()).path("error").path("message").asText())
                .isNotBlank();
        oversizedBodyIsAnsweredThenTheConnectionCloses();
        badChunkSizeGetsA400();
        aPartialHeaderIsDroppedAtTheHeaderTimeout();

        // still serving, memory bounded
        assertThat(chat("mini", "still there?", false).statusCode()).isEqualTo(200);
        assertThat(gateway.isAlive()).isTrue();
        long rssKib = rssKib(gateway.pid());
        assertThat(rssKib)
                .as("resident memory of the gateway (KiB) after the faults")
                .isLessThan(1024 * 1024);

        // zero lost traces: SIGTERM drains and flushes; every trace a response named is in the store
        gateway.toHandle().destroy();
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(traceIds).hasSizeGreaterThanOrEqualTo(10);
        try (TraceStore traces = TraceStores.open("jdbc:sqlite:" + work.resolve("traces.db"))) {
            assertThat(traceIds.stream().filter(id -> traces.get(id).isEmpty()).toList())
                    .as("traces named by a response but missing from the store")
                    .isEmpty();
        }
    }

    private void oversizedBodyIsAnsweredThenTheConnectionCloses() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", URI.create(url).getPort())) {
            socket.setSoTimeout(10_000);
            String smuggled = "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n";
            write(
                    socket,
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 99999999999\r\n\r\n" + smuggled);
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer)
                    .as("the bytes after the headers never run as a request")
                    .doesNotContain("\"object\":\"list\"");
        }
    }

    private void badChunkSizeGetsA400() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", URI.create(url).getPort())) {
            socket.setSoTimeout(10_000);
            write(
                    socket,
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
            assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 400");
        }
    }

    private void aPartialHeaderIsDroppedAtTheHeaderTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", URI.create(url).getPort())) {
            socket.setSoTimeout(30_000); // a deadline against a gateway that never hangs up, not a timing assertion
            write(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n");
            try {
                readAll(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the gateway held a partial header open past its 2 s header timeout", e);
            }
        }
    }

    private HttpResponse<String> chat(String model, String ask, boolean stream) throws Exception {
        return post("/v1/chat/completions", chatBody(model, ask, stream));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + path))
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        response.headers().firstValue("x-mlflowlite-trace-id").ifPresent(traceIds::add);
        return response;
    }

    private static void assertOpenAiError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = Json.read(response.body()).path("error");
        assertThat(error.path("message").asText()).as(response.body()).isNotBlank();
        assertThat(error.path("type").asText()).as(response.body()).isNotBlank();
    }

    private static String chatBody(String model, String content, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + Json.tree(content) + "}]}";
    }

    private static String embeddings(int inputs) {
        StringBuilder body = new StringBuilder("{\"model\":\"text-embedding-3-small\",\"input\":[");
        for (int i = 0; i < inputs; i++) {
            body.append(i == 0 ? "" : ",").append("\"a\"");
        }
        return body.append("]}").toString();
    }

    private static String chunk(String text) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }

    private static String completion(String text) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,"
                + "\"total_tokens\":4}}";
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Everything the peer sends until it closes the connection. */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a reset after the answer still ends the connection
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /** An upstream that promises a 2 GiB JSON body and streams bytes until the gateway hangs up. */
    private static final class GiantUpstream implements AutoCloseable {
        private final ServerSocket listener;

        GiantUpstream() throws IOException {
            listener = new ServerSocket(0);
            Thread.ofVirtual().start(this::serve);
        }

        String url() {
            return "http://127.0.0.1:" + listener.getLocalPort() + "/v1";
        }

        private void serve() {
            while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                    readHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + GIANT
                                    + "\r\n\r\n{\"id\":\"")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] filler = new byte[64 * 1024];
                    java.util.Arrays.fill(filler, (byte) 'a');
                    for (long sent = 0; sent < GIANT; sent += filler.length) {
                        out.write(filler);
                    }
                } catch (IOException e) {
                    // the gateway hung up on the giant body, as it should
                }
            }
        }

        private static void readHead(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int b = in.read(); b >= 0; b = in.read()) {
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
                if (matched == end.length) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
