package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mlflowlite prompts optimize} on the simulated models, with a real SQLite prompt store. The optimizations run in
 * a child JVM: {@code Gateway.fromEnv()} reads the simulated models' latency scale from the environment only.
 */
class PromptsOptimizeCliTest {
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

    /**
     * {@code mlflowlite ARGS --store …} in a child JVM whose simulated models answer at once
     * ({@link JarProcess#INSTANT_MOCKS}): {@code mock/next} and {@code mock/reflect} give the same
     * answers without waiting out ~1 s per call, which is not what this test is about.
     */
    private Run runInstant(String... args) throws Exception {
        String[] withStore =
                Stream.concat(Stream.of(args), Stream.of("--store", url())).toArray(String[]::new);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = ChildMain.builder(
                        dir,
                        Map.of("MLFLOWLITE_MOCK_MODELS", JarProcess.INSTANT_MOCKS.toString()),
                        ChildMain.QUICK_JVM,
                        withStore)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        process.getOutputStream().close();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("prompts.db");
    }

    @Test
    void optimizesARegisteredPromptAndPrintsTheBeforeAndAfter() throws Exception {
        assertThat(run("prompts", "register", "triage", "--template", "{{question}}")
                        .code())
                .isZero();
        Path checkpoint = dir.resolve("triage-opt.json");

        Run r = runInstant(
                "prompts",
                "optimize",
                "triage/1",
                "--model",
                "mock/next",
                "--data",
                "simulated:classification",
                "--scorers",
                "label_match",
                "--algorithm",
                "metaprompt",
                "--max-calls",
                "300",
                "--checkpoint",
                checkpoint.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("optimizing prompts:/triage/1 for mock/next with metaprompt");
        assertThat(r.out())
                .containsPattern("before  prompts:/triage/1  \\d+\\.\\d%  \\(20 validation rows\\)")
                .containsPattern("after   prompts:/triage/2  \\d+\\.\\d%  \\(registered\\)")
                .contains("moves   c0 start -> ")
                .contains("Respond with only the label.");
        assertThat(Files.exists(checkpoint)).isTrue();
        try (PromptStore store = PromptStores.open(url())) {
            assertThat(new PromptRegistry(store).versions("triage")).hasSize(2);
        }

        // the same command again: the finished checkpoint gives the same answer and registers nothing new
        Run again = runInstant(
                "prompts",
                "optimize",
                "prompts:/triage/1",
                "--model",
                "mock/next",
                "--data",
                "simulated:classification",
                "--algorithm",
                "metaprompt",
                "--checkpoint",
                checkpoint.toString(),
                "--quiet");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out())
                .isEqualTo(r.out().replaceAll("\\d+ ms", again.out().replaceAll("(?s).*?(\\d+ ms).*", "$1")));
        try (PromptStore store = PromptStores.open(url())) {
            assertThat(new PromptRegistry(store).versions("triage")).hasSize(2);
        }
    }

    @Test
    void nameAloneMeansTheLatestVersion() {
        assertThat(PromptsOptimizeCommand.uri("triage")).isEqualTo("prompts:/triage@latest");
        assertThat(PromptsOptimizeCommand.uri("triage/3")).isEqualTo("prompts:/triage/3");
        assertThat(PromptsOptimizeCommand.uri("prompts:/triage@prod")).isEqualTo("prompts:/triage@prod");
    }
}
