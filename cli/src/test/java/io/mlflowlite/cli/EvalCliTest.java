package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.RowResult;
import io.mlflowlite.eval.ScoreSummary;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.Tracing;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mlflowlite eval} in-process against a real SQLite file, on the simulated models with code scorers. */
class EvalCliTest {
    private static final Pattern RUN_ID = Pattern.compile("run id +(er-[0-9a-f]{32})");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
        String runId() {
            Matcher m = RUN_ID.matcher(out);
            assertThat(m.find()).as("the run id is printed: %s%s", out, err).isTrue();
            return m.group(1);
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] withStore =
                Stream.concat(Stream.of(args), Stream.of("--store", url())).toArray(String[]::new);
        return new Run(cli.execute(withStore), out.toString(), err.toString());
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("evals.db");
    }

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/eval/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @AfterEach
    void restoreTracing() {
        // eval run --store points the process's tracing at its store; give the next test the environment's again
        Tracing.setGlobal(Tracing.fromEnv(System.getenv()));
    }

    @Test
    void routeCalibrateWritesTheTableTheSmartRouteAndTheChartFromStoredRuns() throws IOException {
        List<String> runs = new java.util.ArrayList<>();
        for (String model : List.of("mock/mini", "mock/next", "mock/pro")) {
            Run run = run(
                    "eval",
                    "run",
                    "--data",
                    "simulated:word_problems",
                    "--scorers",
                    "numeric_match",
                    "--model",
                    model,
                    "--max-concurrency",
                    "32", // the simulated models wait out their latency: more rows in flight, the same rows scored
                    "--no-progress");
            assertThat(run.code()).as(run.err()).isZero();
            runs.add(run.runId());
        }
        Path table = dir.resolve("table.json");
        Path config = dir.resolve("smart.yaml");
        Path svg = dir.resolve("frontier.svg");
        List<String> args = new java.util.ArrayList<>(List.of("route", "calibrate"));
        args.addAll(runs);
        Path html = dir.resolve("calibration.html");
        args.addAll(List.of(
                "--table",
                table.toString(),
                "--config-out",
                config.toString(),
                "--svg",
                svg.toString(),
                "--html",
                html.toString()));
        Run calibrated = run(args.toArray(String[]::new));

        assertThat(calibrated.code()).as(calibrated.err()).isZero();
        assertThat(calibrated.out()).contains("oracle", "mock/mini", "tiers: easy → ", "Routing table written to");
        assertThat(Files.readString(config)).contains("routing_strategy: smart", "tiers:");
        assertThat(Files.readString(svg)).startsWith("<svg");
        assertThat(Files.readString(html)).contains("<figure>", "<svg", "oracle");
        io.mlflowlite.routing.RoutingConfig parsed = io.mlflowlite.routing.RoutingConfigLoader.withEnv(
                        java.util.Map.of())
                .load(config);
        assertThat(parsed.route("smart").orElseThrow().strategy()).isEqualTo("smart");

        Run one = run("route", "calibrate", runs.get(0));
        assertThat(one.code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void runOnASimulatedModelKeepsTheRunWithEachRowsTraceInTheStore() throws IOException {
        Run run = run(
                "eval",
                "run",
                "--data",
                resource("capitals.jsonl").toString(),
                "--model",
                "mock/pro",
                "--scorers",
                "exact_match,contains_expected",
                "--name",
                "pro capitals",
                "--max-concurrency",
                "4");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("exact_match +pass \\d+\\.\\d% +\\[.*\\] +3 +1 +0")
                .containsPattern("contains_expected +pass \\d+\\.\\d% +\\[.*\\] +3 +1 +0")
                .contains("model      mock/pro")
                .contains("dataset    4 rows, fingerprint ");
        // stderr is not a terminal here: plain progress lines, the last one complete
        assertThat(run.err()).containsPattern("eval er-[0-9a-f]{32}: 4/4 rows +100%, \\d+:\\d\\d elapsed");
        String runId = run.runId();
        try (EvalRunStore runs = EvalRunStores.open(url());
                TraceStore traces = TraceStores.open(url())) {
            EvaluationResult result = runs.get(runId).orElseThrow();
            assertThat(result.run().name()).isEqualTo("pro capitals");
            assertThat(result.run().model()).contains("mock/pro");
            assertThat(result.rows()).hasSize(4).allSatisfy(row -> {
                assertThat(row.outputs()).isPresent();
                assertThat(traces.get(row.traceId().orElseThrow()))
                        .as("row %d's trace", row.index())
                        .isPresent();
            });
            // the pass rate is what the stored outputs say
            long containing = result.rows().stream()
                    .limit(3)
                    .filter(r -> r.outputs()
                            .orElseThrow()
                            .toString()
                            .toLowerCase()
                            .contains(r.expectations()
                                    .get("expected_response")
                                    .toString()
                                    .toLowerCase()))
                    .count();
            ScoreSummary contains = result.aggregateScores().require("contains_expected");
            assertThat(contains.passRate().getAsDouble()).isEqualTo(containing / 3.0);
            assertThat(result.row(3).feedback("exact_match").orElseThrow().isSkipped())
                    .isTrue();
        }
    }

    @Test
    void showListAndCompareABaselineAndAPromptedCandidate() throws IOException {
        Path data = resource("echo.jsonl");
        assertThat(run("prompts", "register", "wrap", "--template", "Answer: {{question}}")
                        .code())
                .isZero();
        Run base = run(
                "eval",
                "run",
                "--data",
                data.toString(),
                "--model",
                "mock/echo",
                "--scorers",
                "exact_match",
                "--name",
                "echo-base",
                "--no-progress");
        Run cand = run(
                "eval",
                "run",
                "--data",
                data.toString(),
                "--model",
                "mock/echo",
                "--prompt",
                "prompts:/wrap/1",
                "--scorers",
                "exact_match",
                "--name",
                "echo-wrapped",
                "--no-progress");
        assertThat(base.code()).as(base.err()).isZero();
        assertThat(cand.code()).as(cand.err()).isZero();
        assertThat(base.err()).isEmpty();
        assertThat(base.out()).containsPattern("exact_match +pass 66\\.7%");
        assertThat(cand.out()).containsPattern("exact_match +pass 0\\.0%").contains("prompt     prompts:/wrap/1");

        Run list = run("eval", "list");
        assertThat(list.out())
                .containsPattern(cand.runId() + " .* echo-wrapped +mock/echo +FINISHED +3")
                .contains(base.runId());
        assertThat(list.out().indexOf(cand.runId())).isLessThan(list.out().indexOf(base.runId()));
        assertThat(run("eval", "list", "BASE").out()).contains(base.runId()).doesNotContain(cand.runId());

        Run show = run("eval", "show", base.runId());
        assertThat(show.out())
                .startsWith("run        " + base.runId() + "  'echo-base'  FINISHED")
                .contains("scorers    exact_match")
                .containsPattern("exact_match +pass 66\\.7%");
        assertThat(run("eval", "show", base.runId(), "--rows").out()).containsPattern("1  Berlin +Berlin +false");
        EvaluationResult json = EvaluationResult.fromJson(
                run("eval", "show", base.runId(), "--json").out());
        assertThat(json.rows())
                .extracting(RowResult::outputsOrNull)
                .containsExactly("Paris", "Berlin", "<script>alert(1)</script>");
        assertThat(run("eval", "show", base.runId(), "--csv").out().split("\r\n"))
                .hasSize(4);

        Path html = dir.resolve("reports/compare.html");
        Run compare = run("eval", "compare", base.runId(), cand.runId(), "--html", html.toString());
        assertThat(compare.code()).as(compare.err()).isZero();
        assertThat(compare.out())
                .contains("pairing    3 rows by index (same dataset)")
                .containsPattern("exact_match +66\\.7% +0\\.0% +-66\\.7 pt")
                .contains("regressed rows: 2 of 3")
                .contains("  row 0: exact_match true -> false\n")
                .contains("    candidate  Answer: Paris\n")
                .contains("  row 2: exact_match true -> false\n")
                .contains("report     " + html);
        String report = Files.readString(html);
        assertThat(report)
                .contains("<svg")
                .doesNotContain("<script>")
                .contains("Answer: &lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void llmJudgesRunOnTheOfflineJudgeWhenNoKeyIsConfigured() throws IOException {
        Run run = run(
                "eval",
                "run",
                "--data",
                resource("capitals.jsonl").toString(),
                "--model",
                "mock/pro",
                "--scorers",
                "correctness",
                "--judge-model",
                "local/judge",
                "--no-progress");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("correctness +pass \\d+\\.\\d% +\\[.*\\] +3 +1 +0")
                .contains("judge      local/judge (offline judging");
        try (EvalRunStore runs = EvalRunStores.open(url())) {
            EvaluationResult result = runs.get(run.runId()).orElseThrow();
            assertThat(result.run().offlineJudging()).isTrue();
            assertThat(result.rows().subList(0, 3))
                    .allSatisfy(r -> assertThat(
                                    r.feedback("correctness").orElseThrow().source())
                            .isEqualTo("LLM_JUDGE:local/judge"));
        }
    }

    @Test
    void recordedOutputsAreScoredWithoutAModel() throws IOException {
        Path data = Files.writeString(dir.resolve("recorded.jsonl"), """
                {"inputs": {"q": "a"}, "outputs": "yes", "expectations": {"expected_response": "yes"}}
                {"inputs": {"q": "b"}, "outputs": "no", "expectations": {"expected_response": "yes"}}
                """);

        Run run =
                run("eval", "run", "--data", data.toString(), "--scorers", "exact_match, contains:y", "--no-progress");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("exact_match +pass 50\\.0%")
                .containsPattern("contains +pass 50\\.0%")
                .doesNotContain("model      ");
        try (EvalRunStore runs = EvalRunStores.open(url())) {
            assertThat(runs.get(run.runId()).orElseThrow().rows())
                    .allSatisfy(r -> assertThat(r.traceId()).isEmpty());
        }
    }

    @Test
    void aSimulatedDatasetRunsByNameWithItsExactScorer() {
        // mock/mini answers arithmetic with accuracy 0.85 (docs/simulated-world.md): 42 or 43 of the 50 rows
        Run run = run(
                "eval",
                "run",
                "--data",
                "simulated:arithmetic",
                "--model",
                "mock/mini",
                "--scorers",
                "numeric_match",
                "--max-concurrency",
                "50",
                "--no-progress");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("numeric_match +pass (84|86)\\.0% +\\[.*\\] +50 +0 +0")
                .contains("dataset    50 rows");
        assertThat(run(
                                "eval",
                                "run",
                                "--data",
                                "simulated:poetry",
                                "--model",
                                "mock/mini",
                                "--scorers",
                                "numeric_match")
                        .err())
                .contains("There is no simulated dataset 'poetry'; the families are factual, "
                        + "arithmetic, word_problems, extraction, summarization, classification");
    }

    @Test
    void mistakesAreOneClearLine() throws IOException {
        EvalRunStores.open(url()).close(); // an empty store: read-only commands do not create one
        Run unknownRun = run("eval", "show", "er-nope");
        assertThat(unknownRun.code()).isEqualTo(1);
        assertThat(unknownRun.err())
                .startsWith("error: No evaluation run 'er-nope' in sqlite:")
                .contains("it holds no runs yet");

        Path data = resource("echo.jsonl");
        Run scorer = run("eval", "run", "--data", data.toString(), "--model", "mock/echo", "--scorers", "bogus");
        assertThat(scorer.code()).isEqualTo(2);
        assertThat(scorer.err()).startsWith("error: Unknown scorer 'bogus'; use any of: correctness");
        assertThat(run("eval", "run", "--data", data.toString(), "--scorers", "contains")
                        .err())
                .contains("'contains' needs the text to look for after a colon");
        assertThat(run("eval", "run", "--data", data.toString(), "--prompt", "prompts:/x/1", "--scorers", "exact_match")
                        .err())
                .contains("--prompt needs --model");
        Run missing = run(
                "eval",
                "run",
                "--data",
                dir.resolve("nope.jsonl").toString(),
                "--model",
                "mock/echo",
                "--scorers",
                "exact_match");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).startsWith("error: ").contains("nope.jsonl");
        assertThat(run("eval", "compare", "er-a", "er-b").err()).contains("No evaluation run 'er-a'");
        assertThat(List.of(scorer.out(), missing.out()))
                .allSatisfy(out -> assertThat(out).isEmpty());
    }
}
