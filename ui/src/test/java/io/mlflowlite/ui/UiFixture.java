package io.mlflowlite.ui;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.eval.Evaluation;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.Scorers;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.provider.mock.MockModelSpec;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.server.GatewayServer;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.Tracing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A gateway server on a real port with the web UI, over a fresh SQLite store seeded the way users fill it: chat
 * calls through the server's OpenAI API on mock models (an endpoint with a fallback, a failing model, A/B tags,
 * a judge call, hostile text), two evaluation runs of the same dataset (the second regresses) and two versions of
 * a prompt, one call rendering it.
 */
final class UiFixture implements AutoCloseable {
    static final String ADMIN_KEY = "admin-key-for-the-ui-tests-0123";
    static final String XSS_SCRIPT = "<script>alert('xss')</script>";
    static final String XSS_IMG = "\"><img src=x onerror=alert(1)>";

    final Path dir;
    final String storeUrl;
    final Tracing tracing;
    final Gateway gateway;
    final GatewayServer server;
    final HttpClient http = HttpClient.newHttpClient();
    EvaluationResult baseline;
    EvaluationResult candidate;

    UiFixture(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.storeUrl = "jdbc:sqlite:" + dir.resolve("ui.db");
        Path routing = dir.resolve("gateway.yaml");
        Files.writeString(routing, """
                endpoints:
                  - name: support
                    endpoint_type: llm/v1/chat
                    model:
                      provider: mock
                      name: mini
                  - name: resilient
                    endpoint_type: llm/v1/chat
                    model:
                      provider: mock
                      name: flaky
                    max_retries: 0
                    fallbacks:
                      - provider: mock
                        name: balanced
                """);
        this.tracing = Tracing.builder()
                .store(TraceStores.open(storeUrl))
                .spillDir(dir.resolve("spill"))
                .build();
        // the evaluation's prediction spans open on the process-wide tracing: the same store, as in `serve`
        Tracing.setGlobal(tracing);
        this.gateway = Gateway.builder()
                .mockModels(MockModels.bundled()
                        .withModel("flaky", MockModelSpec.builder().rate500(1.0).build())
                        .withLatencyScale(0.02))
                .routingFile(routing)
                .maxRetries(0)
                .tracing(tracing)
                .build();
        this.server = GatewayServer.builder()
                .gateway(gateway)
                .port(0)
                .warmUp(false)
                .adminKey(ADMIN_KEY)
                .uiStore(storeUrl)
                .build()
                .start();
        seed();
    }

    String ui() {
        return server.url() + "/ui";
    }

    private void seed() throws IOException, InterruptedException {
        String[] questions = {
            "What is the capital of France?", "What is the capital of Japan?", "How many legs does a spider have?",
            "What is the boiling point of water in Celsius?", "Who wrote Hamlet?", "What is 12 times 12?"
        };
        for (int i = 0; i < questions.length; i++) {
            chat(
                    "support",
                    questions[i],
                    Map.of(
                            "mlflowlite.experiment",
                            "greeting-test",
                            "mlflowlite.variant",
                            i % 2 == 0 ? "control" : "candidate"));
        }
        chat("resilient", "Name a prime number larger than ten.", Map.of());
        chat("mock/flaky", "This call fails every time.", Map.of());
        chat("support", "Repeat after me: " + XSS_SCRIPT + " and " + XSS_IMG, Map.of());
        chat("mock/mini", "Is this answer faithful to the context?", Map.of("mlflowlite.eval.judge", "faithfulness"));

        try (PromptStore promptStore = PromptStores.open(storeUrl)) {
            PromptRegistry prompts = new PromptRegistry(promptStore);
            prompts.register("greeter", PromptTemplate.text("Say hello to {{name}} in one sentence."), "first draft");
            PromptVersion v2 = prompts.register(
                    "greeter",
                    PromptTemplate.text("Say hello to {{name}} in one short sentence.\n" + XSS_SCRIPT + XSS_IMG),
                    "shorter, with a hostile line");
            prompts.setAlias("greeter", "production", 2);
            gateway.completion(
                    v2.render(Map.of("name", "Ada")).model("mock/mini").build());
        }

        List<EvalRow> rows = List.of(
                EvalRow.of(
                        Map.of("question", "What is the capital of France?"),
                        Map.of(EvalRow.EXPECTED_RESPONSE, "Paris")),
                EvalRow.of(
                        Map.of("question", "What is the capital of Japan?"),
                        Map.of(EvalRow.EXPECTED_RESPONSE, "Tokyo")),
                EvalRow.of(Map.of("question", "Who wrote Hamlet?"), Map.of(EvalRow.EXPECTED_RESPONSE, "Shakespeare")),
                EvalRow.of(Map.of("question", "Quote " + XSS_SCRIPT), Map.of(EvalRow.EXPECTED_RESPONSE, "script")));
        try (EvalRunStore runs = EvalRunStores.open(storeUrl)) {
            baseline = evaluation("qa-baseline", "mock/pro", rows, runs);
            candidate = evaluation("qa-echo", "mock/echo", rows, runs);
        }
        tracing.flush(Duration.ofSeconds(10));
    }

    private EvaluationResult evaluation(String name, String model, List<EvalRow> rows, EvalRunStore runs) {
        return Evaluation.builder()
                .name(name)
                .data(rows)
                .gateway(gateway)
                .model(model)
                .predictFn(in -> gateway.completion(ChatRequest.of(model, String.valueOf(in.get("question"))))
                        .content())
                .scorers(Scorers.containsExpected())
                .store(runs)
                .maxConcurrency(2)
                .build()
                .run();
    }

    /** One chat call through the server's OpenAI API; returns the status. */
    int chat(String model, String text, Map<String, String> metadata) throws IOException, InterruptedException {
        var body = io.mlflowlite.json.Json.object().put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", text);
        var meta = body.putObject("metadata");
        metadata.forEach(meta::put);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    @Override
    public void close() {
        server.stop();
        gateway.close();
        tracing.close();
    }
}
