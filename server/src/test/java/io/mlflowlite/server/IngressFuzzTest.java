package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.json.Json;
import io.mlflowlite.pipeline.CircuitBreaker;
import io.mlflowlite.routing.Destination;
import io.mlflowlite.routing.Endpoint;
import io.mlflowlite.routing.EndpointType;
import io.mlflowlite.routing.RoutingConfig;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Tracing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the server's ingress parsers, each driven the way a real request is: the route's
 * handler under the {@link RequestRunner} (body reading, parsing, admission, the call on simulated models, the
 * error mapping of {@link ApiErrors}), in memory instead of over a socket. The property: whatever the body,
 * the answer is never a 500 (a bad request is a 4xx naming the problem; a model this gateway cannot reach is a
 * 404/502/503), and every error body is the JSON its clients parse. Targets: OpenAI chat completions, Anthropic
 * messages, MLflow endpoint invocations and the Responses API. In {@code ./test} these run over the seeds in
 * {@code IngressFuzzTestInputs/<target>/}; {@code bench/run fuzz} fuzzes them.
 */
class IngressFuzzTest {
    private static final Gateway GATEWAY = gateway();
    private static final JsonBody BODIES = new JsonBody(GatewayServer.DEFAULT_MAX_BODY_SIZE);
    private static final RequestRunner RUNNER = new RequestRunner(
            new ServerMetrics(() -> 0),
            new Drain(),
            Admission.OPEN,
            LargeBodies.withDefaults(GatewayServer.DEFAULT_MAX_BODY_SIZE));
    private static final ChatCompletionsRoute CHAT = new ChatCompletionsRoute(GATEWAY, BODIES);
    private static final Route CHAT_ROUTE = Route.api("POST", ChatCompletionsRoute.PATH, CHAT);
    private static final Route MESSAGES =
            Route.anthropic("POST", MessagesRoute.PATH, new MessagesRoute(GATEWAY, BODIES));
    private static final Route RESPONSES = Route.api("POST", ResponsesRoute.PATH, new ResponsesRoute(GATEWAY, BODIES));
    private static final Route INVOCATIONS = new MlflowEndpointsRoutes(
                    GATEWAY, BODIES, CHAT, new EmbeddingsRoute(GATEWAY, BODIES))
            .routes()
            .getFirst();

    /** Simulated models only, no provider keys: nothing leaves this JVM. Endpoints of every MLflow type. */
    private static Gateway gateway() {
        RoutingConfig routing = RoutingConfig.of(
                List.of(
                        Endpoint.chat("chat", "mock", "echo"),
                        Endpoint.builder("complete")
                                .type(EndpointType.COMPLETIONS)
                                .model("mock", "echo")
                                .build(),
                        Endpoint.builder("embed")
                                .type(EndpointType.EMBEDDINGS)
                                .model("mock", "embed")
                                .build()),
                List.of(new io.mlflowlite.routing.Route(
                        "assistant", EndpointType.CHAT, List.of(new Destination("chat", 100)))));
        try {
            Tracing tracing = Tracing.builder()
                    .store(new InMemoryTraceStore(16))
                    .spillDir(Files.createTempDirectory("mlflowlite-fuzz"))
                    .experiment("fuzz")
                    .build();
            return Gateway.builder()
                    .env(Map.of())
                    .discoverPlugins(false)
                    .tracing(tracing)
                    .routing(routing)
                    .maxRetries(0)
                    .timeout(Duration.ofSeconds(2))
                    .circuitBreaker(CircuitBreaker.Policy.DISABLED)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void chatCompletions(byte[] body) {
        answer(CHAT_ROUTE, new MemoryExchange(ChatCompletionsRoute.PATH, null, body));
    }

    @FuzzTest(maxDuration = "60s")
    void messages(byte[] body) {
        answer(MESSAGES, new MemoryExchange(MessagesRoute.PATH, null, body));
    }

    @FuzzTest(maxDuration = "60s")
    void responses(byte[] body) {
        answer(RESPONSES, new MemoryExchange(ResponsesRoute.PATH, null, body));
    }

    /** The input's first line is the endpoint's name (of the path), the rest the body. */
    @FuzzTest(maxDuration = "60s")
    void mlflowInvocations(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        String name = newline < 0 ? "chat" : new String(input, 0, newline, StandardCharsets.UTF_8);
        byte[] body = newline < 0 ? input : Arrays.copyOfRange(input, newline + 1, input.length);
        answer(INVOCATIONS, new MemoryExchange("/endpoints/" + name + "/invocations", name, body));
    }

    private static void answer(Route route, MemoryExchange exchange) {
        RUNNER.run(route, exchange);
        int status = exchange.status();
        if (status == 500) {
            throw new AssertionError(
                    "500 for " + route.path() + ": " + exchange.answer(), failureOf(route, exchange.again()));
        }
        assertThat(status).as("a status was sent").isBetween(200, 599);
        if (status >= 400) {
            // the error body is the JSON object its clients parse
            assertThat(Json.read(exchange.answer()).isObject()).isTrue();
        }
    }

    /** The failure behind a 500, for the report: the same request once more, its handler's exception caught. */
    private static Throwable failureOf(Route route, MemoryExchange exchange) {
        try {
            route.handler()
                    .handle(exchange, new RequestScope(route, "fuzz", System.nanoTime(), Admission.OPEN, exchange));
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
