package io.mlflowlite.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.pipeline.CircuitBreaker;
import io.mlflowlite.provider.openai.OpenAiWire;
import io.mlflowlite.server.anthropic.AnthropicSseWriter;
import io.mlflowlite.server.anthropic.AnthropicWire;
import io.mlflowlite.tracing.Tracing;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the request path once before the server takes traffic, so that the first client does not pay for it.
 *
 * <p>Why: the first call in a JVM loads and links a few hundred classes, bootstraps lambdas and builds Jackson's
 * serializers on the request's own thread: measured at 100–600 ms before the provider request starts and
 * 50–150 ms after its timeout fired (more on a busy machine). The timers themselves are exact (a 500 ms attempt
 * timeout fires 1–15 ms late once warm); it is this one-time work around them that made the first timeouts of
 * a fresh server answer after 700–1,100 ms.
 *
 * <p>What: the server's codecs (OpenAI chat, Responses, Anthropic) and error answers on sample bodies, and
 * calls through a throwaway {@link Gateway} of the same classes — traced into memory only, nothing shared with
 * the served gateway, so no stored trace, metric, counter or circuit breaker sees it: simulated {@code mock/echo} answers, plain
 * and streamed, and an OpenAI-compatible upstream on loopback that accepts and never answers, for the attempt
 * timeout and deadline paths of the HTTP client. Takes about 0.2–1 s once per JVM (much less after);
 * failures are logged at debug level and never stop the server.
 */
final class Warmup {
    private static final System.Logger LOG = System.getLogger(Warmup.class.getName());
    private static final Duration HUNG_WAIT = Duration.ofMillis(40);
    private static final String CHAT = "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"warm\"}]}],\"temperature\":0.1,"
            + "\"max_tokens\":8,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{}}}}],\"stream_options\":{\"include_usage\":true}}";
    private static final String RESPONSES = "{\"model\":\"mock/echo\",\"instructions\":\"s\",\"input\":[{\"role\":"
            + "\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"warm\"}]}],\"max_output_tokens\":8}";
    private static final String MESSAGES = "{\"model\":\"mock/echo\",\"max_tokens\":8,\"system\":\"s\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"warm\"}]}";

    private Warmup() {}

    static void run() {
        long start = System.nanoTime();
        try {
            codecs();
            calls();
        } catch (RuntimeException | IOException | Error e) {
            LOG.log(Level.DEBUG, "Warm-up did not finish; the first requests may be slower", e);
        }
        LOG.log(Level.DEBUG, () -> "Warm-up took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private static void codecs() {
        JsonNode chat = Json.read(CHAT);
        ChatRequest request = OpenAiWire.parseRequest(chat);
        JsonBody.bytes(OpenAiWire.requestJson(request));
        ResponsesRequest.parse(Json.read(RESPONSES));
        AnthropicWire.parseRequest(Json.read(MESSAGES));
    }

    private static void calls() throws IOException {
        // traced into memory: the served gateway's first trace would otherwise pay for the tracing code's first use
        java.nio.file.Path spill = java.nio.file.Files.createTempDirectory("mlflowlite-warmup");
        try (ServerSocket hung = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
                Tracing inMemory = Tracing.builder()
                        .store(new io.mlflowlite.tracing.InMemoryTraceStore(16))
                        .spillDir(spill)
                        .experiment("warm-up")
                        .build();
                Gateway gateway = Gateway.builder()
                        .env(Map.of(
                                "OPENAI_API_KEY",
                                "warm-up",
                                "OPENAI_BASE_URL",
                                "http://127.0.0.1:" + hung.getLocalPort() + "/v1"))
                        .discoverPlugins(false)
                        .tracing(inMemory)
                        .maxRetries(0)
                        .timeout(HUNG_WAIT) // mock/echo answers at once; the hung upstream gets this long
                        .circuitBreaker(CircuitBreaker.Policy.DISABLED)
                        .build()) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = Thread.ofVirtual().name("mlflowlite-warmup").start(() -> {
                while (!hung.isClosed()) {
                    try {
                        accepted.add(hung.accept()); // and never answer: the upstream hangs
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            ChatResponse answer = gateway.completion(ChatRequest.of("mock/echo", "warm"));
            JsonBody.bytes(OpenAiWire.responseJson(answer));
            AnthropicWire.responseJson(answer, "mock/echo");
            ResponsesRequest parsed = ResponsesRequest.parse(Json.read(RESPONSES));
            JsonBody.bytes(ResponsesWire.response("resp_warm", 0, "mock/echo", parsed, answer));
            try (ChatStream stream =
                    gateway.stream(ChatRequest.builder().model("mock/echo").addUserMessage("warm").stream(true)
                            .build())) {
                AnthropicSseWriter anthropic = new AnthropicSseWriter("mock/echo");
                ResponsesSseWriter responses = new ResponsesSseWriter("resp_warm", 0, "mock/echo", parsed, bytes -> {});
                for (ChatChunk chunk : stream) {
                    var unused = OpenAiWire.chunkJson(chunk).toString(); // serializing is what is warmed
                    anthropic.onChunk(chunk);
                    responses.onChunk(chunk);
                }
                anthropic.finish(stream.response());
                responses.finish(stream.response());
            }
            routes(gateway);
            fail(() -> gateway.completion(ChatRequest.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage("warm")
                    .timeout(HUNG_WAIT)
                    .build()));
            fail(() -> gateway.completion(ChatRequest.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage("warm")
                    .timeout(Duration.ofSeconds(5))
                    .deadline(HUNG_WAIT)
                    .build()));
            fail(() -> {
                try (ChatStream stream =
                        gateway.stream(ChatRequest.builder().model("gpt-4o-mini").addUserMessage("warm").stream(true)
                                .timeout(HUNG_WAIT)
                                .build())) {
                    stream.forEach(chunk -> {});
                }
            });
            hung.close();
            acceptor.interrupt();
            for (Socket socket : accepted) {
                socket.close();
            }
        } finally {
            try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.walk(spill)) {
                left.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * The server's own request path (request runner, routes, body reading, admission, metrics, error answers) on
     * in-memory exchanges, with metrics and a drain of its own: only the listener's socket handling stays cold.
     */
    private static void routes(Gateway gateway) {
        JsonBody bodies = new JsonBody(GatewayServer.DEFAULT_MAX_BODY_SIZE);
        RequestRunner runner = new RequestRunner(
                new ServerMetrics(() -> 0),
                new Drain(),
                Admission.OPEN,
                LargeBodies.withDefaults(GatewayServer.DEFAULT_MAX_BODY_SIZE));
        ChatCompletionsRoute chat = new ChatCompletionsRoute(gateway, bodies);
        Route chatRoute = Route.api("POST", ChatCompletionsRoute.PATH, chat);
        Route responses = Route.api("POST", ResponsesRoute.PATH, new ResponsesRoute(gateway, bodies));
        Route messages = Route.anthropic("POST", MessagesRoute.PATH, new MessagesRoute(gateway, bodies));
        runner.run(chatRoute, new MemoryExchange(ChatCompletionsRoute.PATH, CHAT));
        runner.run(
                chatRoute,
                new MemoryExchange(
                        ChatCompletionsRoute.PATH, CHAT.replace("{\"model\"", "{\"stream\":true,\"model\"")));
        runner.run(responses, new MemoryExchange(ResponsesRoute.PATH, RESPONSES));
        runner.run(messages, new MemoryExchange(MessagesRoute.PATH, MESSAGES));
        String hung = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"warm\"}]}";
        runner.run(chatRoute, new MemoryExchange(ChatCompletionsRoute.PATH, hung));
        runner.run(chatRoute, new MemoryExchange(ChatCompletionsRoute.PATH, "{\"model\": 1}"));
    }

    /** Runs a call that must fail, and builds the error answers a client would get for it. */
    private static void fail(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            ApiError error = ApiErrors.from(e, "warm-up");
            error.toBytes(Route.ErrorStyle.OPENAI);
            error.toBytes(Route.ErrorStyle.ANTHROPIC);
            var unused = error.toJson().toString(); // serializing is what is warmed
        }
    }
}
