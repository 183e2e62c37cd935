package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlflowlite.cli.JarProcess.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command and subcommand of the real {@code mlflowlite} jar, run as a child process in an empty folder: what
 * it prints on stdout and stderr and how it exits. In-process tests capture output in a writer and cannot see a
 * command whose output is never flushed before the JVM exits; these can.
 */
class CommandLineIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void helpOfEveryCommandAndSubcommandPrintsItsUsageAndNothingElse() {
        List<List<String>> commands = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(20);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Result r = JarProcess.run(dir, args.toArray(String[]::new));

            assertThat(r.code()).as("%s: %s", args, r).isZero();
            assertThat(r.out()).as("%s", args).startsWith("Usage: mlflowlite");
            assertThat(r.err())
                    .as("%s printed on stderr (a picocli format warning?)", args)
                    .isEmpty();
        }
        assertThat(JarProcess.run(dir).out()).startsWith("Usage: mlflowlite");
    }

    @Test
    void theRunnableJarStaysUnder90Megabytes() throws IOException {
        assertThat(java.nio.file.Files.size(JarProcess.JAR))
                .as("bytes of %s", JarProcess.JAR)
                .isLessThanOrEqualTo(90L * 1024 * 1024);
    }

    @Test
    void topLevelHelpListsTheExitCodes() {
        assertThat(JarProcess.run(dir, "--help").out())
                .contains("Exit codes:")
                .containsPattern("0 +done")
                .containsPattern("1 +failed at run time")
                .containsPattern("2 +usage error");
    }

    @Test
    void queryTracesListAndShowPrintOneCostInOneFormat() throws IOException {
        Result query =
                JarProcess.run(dir, "query", "--model", "mock/mini", "--seed", "1", "What is the capital of France?");
        assertThat(query.code()).as("%s", query).isZero();
        assertThat(query.err()).isEmpty();
        String cost = group(query.out(), "(?m)^cost +(\\$\\S+)");
        assertThat(cost).as("exact, no trailing zeros").matches("\\$0\\.\\d*[1-9]");
        String traceId = group(query.out(), "(?m)^trace +(tr-[0-9a-f]{32})");

        Result list = JarProcess.run(dir, "traces", "list");
        assertThat(list.code()).as("%s", list).isZero();
        assertThat(list.out()).contains(traceId).contains(" " + cost + " ");
        Result show = JarProcess.run(dir, "traces", "show", traceId);
        assertThat(show.out())
                .containsPattern("(?m)^cost +" + Pattern.quote(cost) + "$")
                .contains("cost " + cost);
        JsonNode trace = JSON.readTree(JarProcess.run(dir, "traces", "show", traceId, "--output", "json")
                .out());
        assertThat(trace.at("/info/trace_id").asText()).isEqualTo(traceId);
    }

    @Test
    void readOnlyCommandsInAFolderWithNoStoreSayWhereTheyLookedAndCreateNothing() {
        Path db = dir.resolve("mlflowlite.db");
        for (String[] args : List.of(
                new String[] {"traces", "list"},
                new String[] {"traces", "show", "tr-1"},
                new String[] {"traces", "export"},
                new String[] {"eval", "list"},
                new String[] {"eval", "show", "er-1"},
                new String[] {"eval", "compare", "er-1", "er-2"},
                new String[] {"prompts", "list"},
                new String[] {"prompts", "show", "qa"},
                new String[] {"prompts", "diff", "qa", "1", "2"},
                new String[] {"keys", "list"})) {
            Result r = JarProcess.run(dir, args);

            assertThat(r.code()).as("%s: %s", List.of(args), r).isEqualTo(1);
            assertThat(r.err()).as("%s", List.of(args)).startsWith("error: No store found: looked for " + db);
            assertThat(r.out()).isEmpty();
            assertThat(db).as("%s left no database behind", List.of(args)).doesNotExist();
        }
    }

    @Test
    void promptsDiffAndEvalComparePrintWhatTheySay() {
        assertThat(JarProcess.run(dir, "prompts", "register", "qa", "--template", "Answer: {{question}}")
                        .code())
                .isZero();
        assertThat(JarProcess.run(
                                dir,
                                "prompts",
                                "register",
                                "qa",
                                "--template",
                                "Answer briefly: {{question}}",
                                "--commit-message",
                                "brief")
                        .code())
                .isZero();
        Result diff = JarProcess.run(dir, "prompts", "diff", "qa", "1", "2");
        assertThat(diff.code()).as("%s", diff).isZero();
        assertThat(diff.out()).contains("Answer briefly: {{question}}");

        String baseline = evalRun(recorded("good.jsonl", true), "base");
        String candidate = evalRun(recorded("bad.jsonl", false), "cand");
        Result compare = JarProcess.run(dir, "eval", "compare", baseline, candidate);
        assertThat(compare.code()).as("%s", compare).isZero();
        assertThat(compare.out()).contains("exact_match").contains(baseline).contains(candidate);
    }

    @Test
    void evalCompareFailsTheGateWhenTheCandidateIsWorseBeyondItsInterval() {
        String baseline = evalRun(recorded("good.jsonl", true), "base");
        String candidate = evalRun(recorded("bad.jsonl", false), "cand");

        Result gate = JarProcess.run(dir, "eval", "compare", baseline, candidate, "--fail-on-regression");
        assertThat(gate.code()).as("%s", gate).isEqualTo(1);
        assertThat(gate.err()).startsWith("error: the candidate regressed beyond the interval: exact_match regressed");
        assertThat(gate.out()).as("the comparison is still printed").contains("exact_match");

        Result same = JarProcess.run(dir, "eval", "compare", baseline, baseline, "--fail-on-regression");
        assertThat(same.code()).as("%s", same).isZero();
        assertThat(same.out()).contains("gate       passed");

        Result tolerated = JarProcess.run(dir, "eval", "compare", baseline, candidate, "--max-drop", "exact_match=1");
        assertThat(tolerated.code()).as("a drop of 1 is allowed: %s", tolerated).isZero();
        Result strict = JarProcess.run(dir, "eval", "compare", baseline, candidate, "--max-drop", "exact_match=0.5");
        assertThat(strict.code()).as("%s", strict).isEqualTo(1);
        Result unknown = JarProcess.run(dir, "eval", "compare", baseline, candidate, "--max-drop", "bogus=0.1");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--max-drop names scorer 'bogus'");
    }

    @Test
    void evalRunWithNothingToScoreOrNoDataFileIsAUsageError() {
        Path unanswered = JarProcess.write(
                dir,
                "questions.jsonl",
                "{\"inputs\": {\"question\": \"2+2?\"}, \"expectations\": {\"expected_response\": \"4\"}}\n");
        Result nothing = JarProcess.run(
                dir, "eval", "run", "--data", unanswered.toString(), "--scorers", "exact_match", "--no-progress");
        assertThat(nothing.code()).as("%s", nothing).isEqualTo(2);
        assertThat(nothing.err()).startsWith("error: Nothing to score: no --model was given");
        assertThat(nothing.out()).isEmpty();

        Result missing = JarProcess.run(
                dir, "eval", "run", "--data", "nope.jsonl", "--model", "mock/echo", "--scorers", "exact_match");
        assertThat(missing.code()).as("%s", missing).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: --data file not found: ").contains("nope.jsonl");
    }

    @Test
    void unknownIdsFailAtRunTimeAndWrongCommandLinesAreUsageErrors() {
        assertThat(JarProcess.run(dir, "query", "hi").code()).isZero(); // a store now exists
        assertThat(JarProcess.run(dir, "prompts", "register", "qa", "--template", "{{q}}")
                        .code())
                .isZero();

        assertThat(JarProcess.run(dir, "traces", "show", "tr-nope").code()).isEqualTo(1);
        assertThat(JarProcess.run(dir, "eval", "show", "er-nope").code()).isEqualTo(1);
        assertThat(JarProcess.run(dir, "prompts", "show", "prompts:/qa/9").code())
                .isEqualTo(1);
        assertThat(JarProcess.run(dir, "keys", "revoke", "nobody").code()).isEqualTo(1);
        Result badValue = JarProcess.run(dir, "traces", "list", "--since", "yesterday");
        assertThat(badValue.code()).isEqualTo(2);
        assertThat(badValue.err()).contains("--since takes a duration");
        assertThat(JarProcess.run(dir, "query", "--no-such-option", "hi").code())
                .isEqualTo(2);
        assertThat(JarProcess.run(dir, "prompts", "register", "qa", "-m", "old spelling", "--template", "x")
                        .code())
                .as("-m means --model everywhere; it is no longer the commit message")
                .isEqualTo(2);
    }

    @Test
    void listCommandsPrintJsonForScripts() throws IOException {
        assertThat(JarProcess.run(dir, "query", "hi").code()).isZero();
        Result created = JarProcess.run(dir, "keys", "create", "--name", "team-a", "--rpm", "60");
        assertThat(created.code()).as("%s", created).isZero();
        String secret = group(created.out(), "(?m)^ {4}(\\S+)$");
        assertThat(JarProcess.run(dir, "prompts", "register", "qa", "--template", "{{q}}")
                        .code())
                .isZero();
        evalRun(recorded("good.jsonl", true), "base");

        JsonNode models = json("models", "--output", "json");
        assertThat(models.isArray()).isTrue();
        assertThat(models.findValuesAsText("name")).contains("mock/mini");
        assertThat(json("traces", "list", "--output", "json")
                        .at("/traces/0/trace_id")
                        .asText())
                .startsWith("tr-");
        JsonNode keys = json("keys", "list", "--output", "json");
        assertThat(keys.at("/0/name").asText()).isEqualTo("team-a");
        assertThat(keys.at("/0/rpm").asLong()).isEqualTo(60);
        assertThat(keys.toString()).as("never the secret").doesNotContain(secret);
        assertThat(json("prompts", "list", "--output", "json")
                        .at("/0/latest_version")
                        .asInt())
                .isEqualTo(1);
        assertThat(json("prompts", "list", "--versions", "qa", "--output", "json")
                        .at("/0/version")
                        .asInt())
                .isEqualTo(1);
        assertThat(json("eval", "list", "--output", "json").at("/0/run_id").asText())
                .startsWith("er-");
        assertThat(JarProcess.run(dir, "models", "--output", "yaml").code()).isEqualTo(2);
    }

    @Test
    void aCallThatFailedBeforeAnyProviderAnsweredIsListedWithTheModelItAskedFor() {
        Result failed = JarProcess.run(dir, "query", "--model", "gpt-4o", "hi");
        assertThat(failed.code()).as("%s", failed).isEqualTo(1);
        assertThat(failed.err()).startsWith("error: ");

        Result list = JarProcess.run(dir, "traces", "list");
        assertThat(list.out()).containsPattern("tr-[0-9a-f]{32} .* gpt-4o +ERROR");
    }

    @Test
    void tracesListHidesTheJudgesCallsUnlessAsked() {
        Path data = JarProcess.write(
                dir,
                "capitals.jsonl",
                "{\"inputs\": {\"question\": \"What is the capital of France?\"}, "
                        + "\"expectations\": {\"expected_response\": \"Paris\"}}\n");
        Result run = JarProcess.run(
                dir,
                "eval",
                "run",
                "--data",
                data.toString(),
                "--model",
                "mock/mini",
                "--scorers",
                "correctness",
                "--no-progress");
        assertThat(run.code()).as("%s", run).isZero();

        Result app = JarProcess.run(dir, "traces", "list");
        assertThat(app.out())
                .containsPattern("mock/mini")
                .doesNotContain("local/judge")
                .contains("judge call(s) hidden; --include-judges shows them");
        assertThat(JarProcess.run(dir, "traces", "list", "--include-judges").out())
                .contains("local/judge");
    }

    @Test
    void queryAsksForJsonWithJsonModeAndStillUnderstandsTheOldSpelling() {
        for (String option : List.of("--json-mode", "--json")) {
            Result r =
                    JarProcess.run(dir, "query", option, "--model", "mock/mini", "Give the capital of France as JSON");
            assertThat(r.code()).as("%s: %s", option, r).isZero();
            assertThat(r.out().strip()).startsWith("{");
        }
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        Result r = JarProcess.run(dir, "completion");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("complete -F")
                .contains("mlflowlite")
                .contains("traces")
                .contains("--output");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void serveOnAPortInUseSaysSoInOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Result r = JarProcess.run(dir, "serve", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(r.code()).as("%s", r).isEqualTo(1);
            assertThat(r.err().lines().toList())
                    .as("%s", r)
                    .hasSize(1)
                    .first()
                    .asString()
                    .startsWith("error: Cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void serveWritesOneAccessLogLinePerRequestWithoutKeysOrBodies() throws Exception {
        Process serve = JarProcess.start(dir, Map.of(), "serve", "--port", "0", "--log-format", "json");
        LinkedBlockingQueue<String> out = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> err = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> ProcessLines.pump(serve.getInputStream(), out));
        Thread.ofVirtual().start(() -> ProcessLines.pump(serve.getErrorStream(), err));
        try {
            String url = null;
            List<String> seen = new ArrayList<>();
            while (url == null) {
                String line = out.poll(120, TimeUnit.SECONDS);
                assertThat(line)
                        .as("the banner; so far %s, stderr %s", seen, err)
                        .isNotNull();
                seen.add(line);
                Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(line);
                url = m.find() ? m.group(1) : null;
            }
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                                    .header("content-type", "application/json")
                                    .header("authorization", "Bearer sk-secret-123456")
                                    .timeout(Duration.ofSeconds(60))
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"model\": \"mock/mini\", \"messages\": "
                                                            + "[{\"role\": \"user\", \"content\": \"What is the capital of Peru?\"}]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            String traceId =
                    response.headers().firstValue("x-mlflowlite-trace-id").orElseThrow();

            JsonNode access = null;
            List<String> logged = new ArrayList<>();
            while (access == null) {
                String line = err.poll(60, TimeUnit.SECONDS);
                assertThat(line)
                        .as("an access log line; logged so far %s", logged)
                        .isNotNull();
                logged.add(line);
                JsonNode json = JSON.readTree(line);
                access = "/v1/chat/completions".equals(json.path("path").asText()) ? json : null;
            }
            assertThat(access.path("method").asText()).isEqualTo("POST");
            assertThat(access.path("status").asInt()).isEqualTo(200);
            assertThat(access.path("model").asText()).isEqualTo("mock/mini");
            assertThat(access.path("trace_id").asText()).isEqualTo(traceId);
            assertThat(access.path("latency_ms").isNumber()).isTrue();
            assertThat(access.path("level").asText()).isEqualTo("INFO");
            assertThat(String.join("\n", logged)).doesNotContain("sk-secret").doesNotContain("Peru");
        } finally {
            serve.destroy();
            serve.waitFor(60, TimeUnit.SECONDS);
            serve.destroyForcibly();
        }
    }

    // --- helpers

    private JsonNode json(String... args) throws IOException {
        Result r = JarProcess.run(dir, args);
        assertThat(r.code()).as("%s: %s", List.of(args), r).isZero();
        return JSON.readTree(r.out());
    }

    /** Ten rows with recorded outputs: all matching their expectation, or none. */
    private Path recorded(String name, boolean right) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            rows.append("{\"inputs\": {\"q\": \"")
                    .append(i)
                    .append("\"}, \"outputs\": \"")
                    .append(right ? "yes" : "no")
                    .append("\", \"expectations\": {\"expected_response\": \"yes\"}}\n");
        }
        return JarProcess.write(dir, name, rows.toString());
    }

    private String evalRun(Path data, String name) {
        Result r = JarProcess.run(
                dir,
                "eval",
                "run",
                "--data",
                data.toString(),
                "--scorers",
                "exact_match",
                "--name",
                name,
                "--no-progress");
        assertThat(r.code()).as("%s", r).isZero();
        return group(r.out(), "(?m)^run id +(er-\\S+)");
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in:%n%s", regex, text).isTrue();
        return m.group(1);
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> into) {
        for (var entry : cli.getSubcommands().entrySet()) {
            if (entry.getValue().getCommandSpec().usageMessage().hidden()
                    || entry.getKey().equals("help")) {
                continue;
            }
            List<String> command = new ArrayList<>(path);
            command.add(entry.getKey());
            into.add(command);
            collect(entry.getValue(), command, into);
        }
    }
}
