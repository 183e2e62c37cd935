package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import io.mlflowlite.prompt.PromptVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mlflowlite prompts} against a real SQLite file. */
class PromptsCliTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

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
        return "jdbc:sqlite:" + dir.resolve("prompts.db");
    }

    @Test
    void registerListShowAliasAndDiff() {
        Run first = run(
                "prompts",
                "register",
                "qa",
                "--message",
                "system=You answer in {{lang}}.",
                "--message",
                "user={{question}}",
                "--commit-message",
                "first cut",
                "--model-config",
                "temperature=0.2",
                "--tag",
                "team=a");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("Registered prompts:/qa/1 (chat, variables: lang, question) in sqlite:");
        assertThat(run(
                                "prompts",
                                "register",
                                "qa",
                                "--message",
                                "system=You answer briefly in {{lang}}.",
                                "--message",
                                "user={{question}}",
                                "--commit-message",
                                "brief")
                        .out())
                .startsWith("Registered prompts:/qa/2");

        Run alias = run("prompts", "alias", "qa", "production", "1");
        assertThat(alias.out()).isEqualTo("prompts:/qa@production -> 1 (new)\n");
        assertThat(run("prompts", "alias", "qa", "production", "2").out()).contains("-> 2 (was 1)");

        assertThat(run("prompts", "list").out()).containsPattern("qa +chat +2  production=2");
        assertThat(run("prompts", "list", "--versions", "qa").out())
                .containsPattern("1 +\\S+ \\S+ +first cut")
                .containsPattern("2 +\\S+ \\S+ +brief");
        Run show = run("prompts", "show", "prompts:/qa/1");
        assertThat(show.out())
                .startsWith("prompts:/qa/1  (chat)")
                .contains("message    first cut")
                .contains("variables  lang, question")
                .contains("config     temperature = 0.2")
                .contains("tag        team = a")
                .contains("[system]\nYou answer in {{lang}}.");
        assertThat(run("prompts", "show", "qa").out())
                .startsWith("prompts:/qa/2")
                .contains("aliases    production");
        com.fasterxml.jackson.databind.JsonNode json = io.mlflowlite.json.Json.read(
                run("prompts", "show", "qa", "--output", "json").out());
        assertThat(json.at("/version").asInt()).isEqualTo(2);
        assertThat(json.at("/aliases/0").asText()).isEqualTo("production");
        assertThat(json.at("/messages/0/content").asText()).isEqualTo("You answer briefly in {{lang}}.");
        assertThat(json.at("/commit_message").asText()).isEqualTo("brief");

        Run diff = run("prompts", "diff", "qa", "1", "2");
        assertThat(diff.out())
                .contains("- You answer in {{lang}}.\n+ You answer briefly in {{lang}}.\n")
                .contains("~ commit_message: first cut -> brief");

        try (PromptStore store = PromptStores.open(url())) {
            PromptVersion production = new PromptRegistry(store).load("prompts:/qa@production");
            assertThat(production.version()).isEqualTo(2);
            assertThat(production.modelConfig()).isEmpty();
        }
    }

    @Test
    void errorsNameWhatExists() {
        assertThat(run("prompts", "register", "greet", "--template", "Hi {{name}}")
                        .code())
                .isZero();

        Run missing = run("prompts", "show", "prompts:/greet/4");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: Prompt 'greet' has no version 4; existing versions: 1\n");
        assertThat(run("prompts", "show", "gret").err())
                .contains("No prompt named 'gret'")
                .contains("known prompts: greet");
        assertThat(run("prompts", "alias", "greet", "prod", "--delete").err())
                .contains("has no alias 'prod'; existing aliases: latest -> 1 (implicit)");
        assertThat(run("prompts", "register", "greet", "--template", "Hi {{name")
                        .err())
                .contains("error: Invalid template at line 1, column 4");
        assertThat(run("prompts", "register", "greet", "--message", "user=hi").err())
                .contains("holds text templates; a chat template needs another name");
    }
}
