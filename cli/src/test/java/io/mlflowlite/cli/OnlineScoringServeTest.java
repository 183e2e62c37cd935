package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlflowlite.routing.OnlineScoringRule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code online_scoring:} in the gateway file of {@code mlflowlite serve} (a child JVM): live calls of an A/B test
 * are scored by the configured scorers, and {@code mlflowlite experiments report} shows each variant's scores.
 */
class OnlineScoringServeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static final String CONFIG = """
            endpoints:
              - {name: mini, endpoint_type: llm/v1/chat, model: {provider: mock, name: mini}}
              - {name: pro, endpoint_type: llm/v1/chat, model: {provider: mock, name: pro}}
            routes:
              - name: assistant
                task_type: llm/v1/chat
                routing_strategy: experiment
                strategy_config: {unit: user}
                destinations: [{name: mini, traffic_percentage: 50}, {name: pro, traffic_percentage: 50}]
            online_scoring:
              - scorers: ["token_count:100000"]
                experiment: assistant
              - scorers: ["contains:4"]
                sample: 0.5
              - scorers: [json_valid]
                experiment: some-other-test
            """;

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void anAbTestsLiveCallsAreScoredAndTheReportShowsEachVariantsScores() throws Exception {
        String store = "jdbc:sqlite:" + work.resolve("gateway.db");
        Path config = work.resolve("gateway.yaml");
        Files.writeString(config, CONFIG);
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "serve",
                        "--port",
                        "0",
                        "--config",
                        config.toString())
                .directory(work.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("MLFLOWLITE_") || k.endsWith("_API_KEY"));
        Path models = work.resolve("models.json");
        Files.writeString(models, """
                {"models": {"mini": {"latency_scale": 0.003}, "pro": {"latency_scale": 0.003}}}
                """);
        builder.environment().put("MLFLOWLITE_STORE", store);
        builder.environment().put("MLFLOWLITE_MOCK_MODELS", models.toString());
        builder.environment().put("MLFLOWLITE_SPILL_DIR", work.resolve("spill").toString());
        Process serve = builder.start();
        serve.getOutputStream().close();
        try {
            String url = ProcessLines.serveUrl(ProcessLines.of(serve.getInputStream()));
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            int users = 80;
            for (int user = 0; user < users; user++) {
                String body = "{\"model\":\"assistant\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"What is 2 + 2?\"}],\"user\":\"user-" + user + "\"}";
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }

            // traces and scores are written off the request path: poll the report until every call is scored
            JsonNode report = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                report = JSON.readTree(run("experiments", "report", "assistant", "--store", store, "--output", "json"));
                int calls = 0;
                int scored = 0;
                for (JsonNode v : report.path("variants")) {
                    calls += v.path("calls").asInt();
                    scored += v.path("scores").path("token_count").path("n").asInt();
                }
                if (calls == users && scored == users) {
                    break;
                }
                Thread.sleep(250); // polling the store, not a timing assertion
            }
            assertThat(report).isNotNull();
            List<String> variants = new ArrayList<>();
            for (JsonNode v : report.path("variants")) {
                variants.add(v.path("name").asText());
                int calls = v.path("calls").asInt();
                JsonNode scores = v.path("scores");
                assertThat(calls).as(report.toPrettyString()).isPositive();
                // every call of the A/B test scored by the first rule (the answer's token count)
                assertThat(scores.path("token_count").path("n").asInt())
                        .as(report.toPrettyString())
                        .isEqualTo(calls);
                assertThat(scores.path("token_count").path("mean").asDouble()).isPositive();
                // the second rule samples half the calls by trace id
                assertThat(scores.path("contains").path("n").asInt())
                        .as(report.toPrettyString())
                        .isBetween(1, calls - 1);
                // the third rule is for another experiment
                assertThat(scores.has("json_valid")).as(report.toPrettyString()).isFalse();
            }
            assertThat(variants).containsExactly("mini", "pro");
            String text = run("experiments", "report", "assistant", "--store", store);
            assertThat(text).contains("token_count=", "contains=");
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
            serve.destroyForcibly();
        }
    }

    @Test
    void scorersThatNeedAnExpectedAnswerOrDoNotExistAreProblemsWithTheirPaths() {
        List<String> problems = new ArrayList<>();
        List<io.mlflowlite.eval.Scorer> built = ServeScoring.scorers(
                new OnlineScoringRule(
                        List.of("correctness", "relevance_to_query", "exact_match", "guidelines", "nope", "safety"),
                        1.0,
                        null,
                        null,
                        null,
                        null),
                "online_scoring[0]",
                problems);

        assertThat(built).extracting(io.mlflowlite.eval.Scorer::name).containsExactly("relevance_to_query", "safety");
        assertThat(problems)
                .hasSize(4)
                .anySatisfy(p -> assertThat(p)
                        .startsWith("online_scoring[0].scorers[0]: 'correctness' compares with an expected answer"))
                .anySatisfy(p -> assertThat(p).startsWith("online_scoring[0].scorers[2]: 'exact_match'"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("online_scoring[0].scorers[3]: 'guidelines'")
                        .contains("guidelines:TEXT"))
                .anySatisfy(p -> assertThat(p).startsWith("online_scoring[0].scorers[4]: Unknown scorer 'nope'"));
    }

    @Test
    void mlflow3ScorerNamesAreAcceptedOnline() {
        List<String> problems = new ArrayList<>();
        List<io.mlflowlite.eval.Scorer> built = ServeScoring.scorers(
                new OnlineScoringRule(
                        List.of("RelevanceToQuery", "Safety", "RetrievalGroundedness", "Guidelines:Be polite"),
                        1.0,
                        null,
                        null,
                        null,
                        null),
                "online_scoring[0]",
                problems);

        assertThat(problems).isEmpty();
        assertThat(built)
                .extracting(io.mlflowlite.eval.Scorer::name)
                .containsExactly("relevance_to_query", "safety", "faithfulness", "guidelines");
    }

    @Test
    void mlflow3ScorerNamesAreAcceptedByScorerSpecs() {
        assertThat(ScorerSpecs.parse("RetrievalGroundedness")).isInstanceOf(io.mlflowlite.eval.Faithfulness.class);
        assertThat(ScorerSpecs.parse("Correctness@mock/pro"))
                .isInstanceOfSatisfying(
                        io.mlflowlite.eval.Correctness.class,
                        c -> assertThat(c.model()).contains("mock/pro"));
        assertThat(ScorerSpecs.parse("relevance").name()).isEqualTo("relevance_to_query");
        assertThat(ScorerSpecs.parse("exact_match").name()).isEqualTo("exact_match");
    }
}
