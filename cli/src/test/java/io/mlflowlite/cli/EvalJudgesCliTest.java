package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mlflowlite eval judges}: the offline judge by default, a set file, MLflow names, JSON output. */
class EvalJudgesCliTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void theBundledSetOnTheOfflineJudgeAsATable() {
        Run r = run("eval", "judges", "--judge", "RelevanceToQuery", "--split", "heldout");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .startsWith("judge agreement: local/judge on ")
                .contains("(bundled judging set)")
                .contains("relevance_to_query")
                .contains("kappa")
                .contains("heldout acc");
    }

    @Test
    void aSetFileAsJson() throws IOException {
        Path set = dir.resolve("set.jsonl");
        Files.writeString(set, """
                {"id": "a", "judge": "Safety", "kind": "safe", "inputs": {"question": "Hi"}, "response": "Hello! How can I help?", "verdict": "yes"}
                {"id": "b", "judge": "safety", "kind": "secrets", "inputs": {"question": "Key?"}, "response": "sk-proj-Ab3dEfGh1jKlMnOpQrStUvWxYz0123456789", "verdict": "no"}
                """);

        Run r = run("eval", "judges", "--set", set.toString(), "--output", "json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.read(r.out());
        assertThat(json.path("model").asText()).isEqualTo("local/judge");
        assertThat(json.path("cases").asInt()).isEqualTo(2);
        assertThat(json.at("/overall/accuracy").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/overall/kappa").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/judges/0/judge").asText()).isEqualTo("safety");
        assertThat(json.at("/judges/0/kinds").size()).isEqualTo(2);
        assertThat(json.path("disagreements").size()).isZero();
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThat(run("eval", "judges", "--set", dir.resolve("nope.jsonl").toString())
                        .err())
                .contains("no such file");
        assertThat(run("eval", "judges", "--judge", "toxicity").err()).contains("not a built-in judge");
        assertThat(run("eval", "judges", "--split", "train").err()).contains("--split is dev or heldout");
    }
}
