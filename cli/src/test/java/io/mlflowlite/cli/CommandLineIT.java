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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import picocli.CommandLine;

/**
 * Every command and subcommand of the real {@code mlflowlite} jar, run as a child process in an empty folder: what
 * it prints on stdout and stderr and how it exits. In-process tests capture output in a writer and cannot see a
 * command whose output is never flushed before the JVM exits; these can.
 *
 * <p>The tests run side by side (each in a folder of its own), and so do the commands of a test that do not depend
 * on one another ({@link JarProcess#runAll}); {@link JarProcess} bounds how many processes run at once. The tests
 * that only read a store with a trace, a prompt and two eval runs share one ({@link #shared()}), filled while the
 * first tests run.
 */
@Execution(ExecutionMode.CONCURRENT)
class CommandLineIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * The folder of a store that tests read and none changes: the trace of a query, prompt {@code qa} in two
     * versions, and two eval runs of the same ten rows, every answer right ({@code base}) or wrong ({@code cand}).
     * Filled from the start of the class while the first tests run; a test that reads it waits for it.
     */
    @TempDir
    static Path sharedDir;

    private static CompletableFuture<Shared> shared;

    private record Shared(Path dir, Result query, String baseline, String candidate) {}

    @BeforeAll
    static void startFillingTheSharedStore() {
        shared = CompletableFuture.supplyAsync(
                () -> fill(sharedDir), command -> Thread.ofVirtual().start(command));
    }

    @AfterAll
    static void letTheSharedStoreBeFilledBeforeItsFolderIsDeleted() {
        shared.exceptionally(e -> null).join();
    }

    private static Shared shared() {
        try {
            return shared.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error; // a failed assertion while filling
            }
            throw e;
        }
    }

    private static Shared fill(Path d) {
        Result query =
                JarProcess.run(d, "query", "--model", "mock/mini", "--seed", "1", "What is the capital of France?");
        assertThat(query.code()).as("%s", query).isZero();
        Result v1 = JarProcess.run(d, "prompts", "register", "qa", "--template", "Answer: {{question}}");
        assertThat(v1.code()).as("%s", v1).isZero();
        Result v2 = JarProcess.run(
                d,
                "prompts",
                "register",
                "qa",
                "--template",
                "Answer briefly: {{question}}",
                "--commit-message",
                "brief");
        assertThat(v2.code()).as("%s", v2).isZero();
        String baseline = evalRun(d, recorded(d, "good.jsonl", true), "base");
        String candidate = evalRun(d, recorded(d, "bad.jsonl", false), "cand");
        return new Shared(d, query, baseline, candidate);
    }

    @Test
    void helpOfEveryCommandAndSubcommandPrintsItsUsageAndNothingElse() {
        List<List<String>> commands = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(20);
        List<String[]> lines = new ArrayList<>();
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            lines.add(args.toArray(String[]::new));
        }
        lines.add(new String[0]); // no command at all
        List<Result> results = JarProcess.runAll(dir, lines);

        for (int i = 0; i < commands.size(); i++) {
            List<String> args = List.of(lines.get(i));
            Result r = results.get(i);
            assertThat(r.code()).as("%s: %s", args, r).isZero();
            assertThat(r.out()).as("%s", args).startsWith("Usage: mlflowlite");
            assertThat(r.err())
                    .as("%s printed on stderr (a picocli format warning?)", args)
                    .isEmpty();
        }
        assertThat(results.getLast().out()).startsWith("Usage: mlflowlite");
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
        Result query = shared().query(); // mlflowlite query --model mock/mini --seed 1 "What is the capital of France?"
        assertThat(query.code()).as("%s", query).isZero();
        assertThat(query.err()).isEmpty();
        String cost = group(query.out(), "(?m)^cost +(\\$\\S+)");
        assertThat(cost).as("exact, no trailing zeros").matches("\\$0\\.\\d*[1-9]");
        String traceId = group(query.out(), "(?m)^trace +(tr-[0-9a-f]{32})");

        List<Result> reads = JarProcess.runAll(
                shared().dir(),
                List.of(new String[] {"traces", "list"}, new String[] {"traces", "show", traceId}, new String[] {
                    "traces", "show", traceId, "--output", "json"
                }));
        Result list = reads.get(0);
        assertThat(list.code()).as("%s", list).isZero();
        assertThat(list.out()).contains(traceId).contains(" " + cost + " ");
        Result show = reads.get(1);
        assertThat(show.out())
                .containsPattern("(?m)^cost +" + Pattern.quote(cost) + "$")
                .contains("cost " + cost);
        JsonNode trace = JSON.readTree(reads.get(2).out());
        assertThat(trace.at("/info/trace_id").asText()).isEqualTo(traceId);
    }

    @Test
    void readOnlyCommandsInAFolderWithNoStoreSayWhereTheyLookedAndCreateNothing() throws IOException {
        List<String[]> commands = List.of(
                new String[] {"traces", "list"},
                new String[] {"traces", "show", "tr-1"},
                new String[] {"traces", "export"},
                new String[] {"eval", "list"},
                new String[] {"eval", "show", "er-1"},
                new String[] {"eval", "compare", "er-1", "er-2"},
                new String[] {"prompts", "list"},
                new String[] {"prompts", "show", "qa"},
                new String[] {"prompts", "diff", "qa", "1", "2"},
                new String[] {"keys", "list"});
        // each in an empty folder of its own, side by side
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            folders.add(java.nio.file.Files.createDirectory(dir.resolve("empty-" + i)));
        }
        List<Result> results = JarProcess.inParallel(
                IntStream.range(0, commands.size()).boxed().toList(),
                i -> JarProcess.run(folders.get(i), commands.get(i)));

        for (int i = 0; i < commands.size(); i++) {
            String[] args = commands.get(i);
            Result r = results.get(i);
            Path db = folders.get(i).resolve("mlflowlite.db");
            assertThat(r.code()).as("%s: %s", List.of(args), r).isEqualTo(1);
            assertThat(r.err()).as("%s", List.of(args)).startsWith("error: No store found: looked for " + db);
            assertThat(r.out()).isEmpty();
            assertThat(db).as("%s left no database behind", List.of(args)).doesNotExist();
        }
    }

    @Test
    void promptsDiffAndEvalComparePrintWhatTheySay() {
        // qa registered twice, the second time briefer; eval runs base and cand
        String baseline = shared().baseline();
        String candidate = shared().candidate();
        List<Result> reads = JarProcess.runAll(
                shared().dir(), List.of(new String[] {"prompts", "diff", "qa", "1", "2"}, new String[] {
                    "eval", "compare", baseline, candidate
                }));

        Result diff = reads.get(0);
        assertThat(diff.code()).as("%s", diff).isZero();
        assertThat(diff.out()).contains("Answer briefly: {{question}}");
        Result compare = reads.get(1);
        assertThat(compare.code()).as("%s", compare).isZero();
        assertThat(compare.out()).contains("exact_match").contains(baseline).contains(candidate);
    }

    @Test
    void evalCompareFailsTheGateWhenTheCandidateIsWorseBeyondItsInterval() {
        String baseline = shared().baseline(); // every answer right
        String candidate = shared().candidate(); // every answer wrong

        List<Result> compares = JarProcess.runAll(
                shared().dir(),
                List.of(
                        new String[] {"eval", "compare", baseline, candidate, "--fail-on-regression"},
                        new String[] {"eval", "compare", baseline, baseline, "--fail-on-regression"},
                        new String[] {"eval", "compare", baseline, candidate, "--max-drop", "exact_match=1"},
                        new String[] {"eval", "compare", baseline, candidate, "--max-drop", "exact_match=0.5"},
                        new String[] {"eval", "compare", baseline, candidate, "--max-drop", "bogus=0.1"}));

        Result gate = compares.get(0);
        assertThat(gate.code()).as("%s", gate).isEqualTo(1);
        assertThat(gate.err()).startsWith("error: the candidate regressed beyond the interval: exact_match regressed");
        assertThat(gate.out()).as("the comparison is still printed").contains("exact_match");

        Result same = compares.get(1);
        assertThat(same.code()).as("%s", same).isZero();
        assertThat(same.out()).contains("gate       passed");

        Result tolerated = compares.get(2);
        assertThat(tolerated.code()).as("a drop of 1 is allowed: %s", tolerated).isZero();
        Result strict = compares.get(3);
        assertThat(strict.code()).as("%s", strict).isEqualTo(1);
        Result unknown = compares.get(4);
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
        Path store = shared().dir(); // a store exists, with prompt qa

        List<Result> r = JarProcess.runAll(
                store,
                List.of(
                        new String[] {"traces", "show", "tr-nope"},
                        new String[] {"eval", "show", "er-nope"},
                        new String[] {"prompts", "show", "prompts:/qa/9"},
                        new String[] {"keys", "revoke", "nobody"},
                        new String[] {"traces", "list", "--since", "yesterday"},
                        new String[] {"query", "--no-such-option", "hi"},
                        new String[] {"prompts", "register", "qa", "-m", "old spelling", "--template", "x"}));

        assertThat(r.get(0).code()).as("%s", r.get(0)).isEqualTo(1);
        assertThat(r.get(1).code()).as("%s", r.get(1)).isEqualTo(1);
        assertThat(r.get(2).code()).as("%s", r.get(2)).isEqualTo(1);
        assertThat(r.get(3).code()).as("%s", r.get(3)).isEqualTo(1);
        Result badValue = r.get(4);
        assertThat(badValue.code()).isEqualTo(2);
        assertThat(badValue.err()).contains("--since takes a duration");
        assertThat(r.get(5).code()).as("%s", r.get(5)).isEqualTo(2);
        assertThat(r.get(6).code())
                .as("-m means --model everywhere; it is no longer the commit message")
                .isEqualTo(2);
    }

    @Test
    void listCommandsPrintJsonForScripts() throws IOException {
        Result created = JarProcess.run(dir, "keys", "create", "--name", "team-a", "--rpm", "60"); // a store of its own
        assertThat(created.code()).as("%s", created).isZero();
        String secret = group(created.out(), "(?m)^ {4}(\\S+)$");
        Path store = shared().dir(); // a trace, prompt qa in versions 1 and 2, two eval runs
        List<Path> where = List.of(store, store, dir, store, store, store, store);
        List<String[]> reads = List.of(
                new String[] {"models", "--output", "json"},
                new String[] {"traces", "list", "--output", "json"},
                new String[] {"keys", "list", "--output", "json"},
                new String[] {"prompts", "list", "--output", "json"},
                new String[] {"prompts", "list", "--versions", "qa", "--output", "json"},
                new String[] {"eval", "list", "--output", "json"},
                new String[] {"models", "--output", "yaml"});
        List<Result> r = JarProcess.inParallel(
                IntStream.range(0, reads.size()).boxed().toList(), i -> JarProcess.run(where.get(i), reads.get(i)));

        JsonNode models = json(reads.get(0), r.get(0));
        assertThat(models.isArray()).isTrue();
        assertThat(models.findValuesAsText("name")).contains("mock/mini");
        assertThat(json(reads.get(1), r.get(1)).at("/traces/0/trace_id").asText())
                .startsWith("tr-");
        JsonNode keys = json(reads.get(2), r.get(2));
        assertThat(keys.at("/0/name").asText()).isEqualTo("team-a");
        assertThat(keys.at("/0/rpm").asLong()).isEqualTo(60);
        assertThat(keys.toString()).as("never the secret").doesNotContain(secret);
        JsonNode prompts = json(reads.get(3), r.get(3));
        assertThat(prompts.at("/0/name").asText()).isEqualTo("qa");
        assertThat(prompts.at("/0/latest_version").asInt()).isEqualTo(2);
        assertThat(json(reads.get(4), r.get(4)).findValues("version").stream()
                        .map(JsonNode::asInt)
                        .toList())
                .containsExactlyInAnyOrder(1, 2);
        assertThat(json(reads.get(5), r.get(5)).at("/0/run_id").asText()).startsWith("er-");
        assertThat(r.get(6).code()).as("%s", r.get(6)).isEqualTo(2);
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

        List<Result> lists = JarProcess.runAll(
                dir, List.of(new String[] {"traces", "list"}, new String[] {"traces", "list", "--include-judges"}));
        Result app = lists.get(0);
        assertThat(app.out())
                .containsPattern("mock/mini")
                .doesNotContain("local/judge")
                .contains("judge call(s) hidden; --include-judges shows them");
        assertThat(lists.get(1).out()).contains("local/judge");
    }

    @Test
    void queryAsksForJsonWithJsonModeAndStillUnderstandsTheOldSpelling() throws IOException {
        List<String> options = List.of("--json-mode", "--json");
        List<Path> folders = new ArrayList<>(); // each its own store, so the two run side by side
        for (String option : options) {
            folders.add(java.nio.file.Files.createDirectory(dir.resolve(option.substring(2))));
        }
        List<Result> results = JarProcess.inParallel(
                List.of(0, 1),
                i -> JarProcess.run(
                        folders.get(i),
                        "query",
                        options.get(i),
                        "--model",
                        "mock/mini",
                        "Give the capital of France as JSON"));
        for (int i = 0; i < options.size(); i++) {
            Result r = results.get(i);
            assertThat(r.code()).as("%s: %s", options.get(i), r).isZero();
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

    private static JsonNode json(String[] args, Result r) throws IOException {
        assertThat(r.code()).as("%s: %s", List.of(args), r).isZero();
        return JSON.readTree(r.out());
    }

    /** Ten rows with recorded outputs: all matching their expectation, or none. */
    private static Path recorded(Path dir, String name, boolean right) {
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

    private static String evalRun(Path dir, Path data, String name) {
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
