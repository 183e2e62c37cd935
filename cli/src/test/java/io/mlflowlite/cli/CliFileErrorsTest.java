package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.LINUX;

import io.mlflowlite.tracing.Tracing;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A file the user named that cannot be read or written is one clear line and a failing exit code, no stack trace. */
class CliFileErrorsTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private String store() {
        return "jdbc:sqlite:" + dir.resolve("prompts.db");
    }

    private static void assertOneClearLine(Run run, String... phrases) {
        assertThat(run.code()).isNotZero();
        assertThat(run.err().strip().lines())
                .as(run.err())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("error: ")
                .contains(phrases);
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aTemplateFileThatIsAFolderIsRefusedInOneLine() {
        Run run = run("prompts", "register", "greet", "--template-file", dir.toString(), "--store", store());

        assertOneClearLine(run, "--template-file", "is a folder");
    }

    @Test
    void aMissingTemplateFileIsRefusedInOneLine() {
        Run run = run(
                "prompts",
                "register",
                "greet",
                "--template-file",
                dir.resolve("none.txt").toString(),
                "--store",
                store());

        assertOneClearLine(run, "no such file");
    }

    @Test
    @EnabledOnOs(LINUX)
    void aTemplateFileThatNeverEndsIsRefusedNotReadUntilTheHeapRunsOut() {
        Run run = run("prompts", "register", "greet", "--template-file", "/dev/zero", "--store", store());

        assertOneClearLine(run, "/dev/zero", "more than 16 MiB");
    }

    @Test
    void exportingIntoAMissingFolderSaysWhichFolder() {
        Path target = dir.resolve("missing").resolve("traces.jsonl");

        Run run = run("traces", "export", "-o", target.toString());

        assertOneClearLine(run, "does not exist", dir.resolve("missing").toString());
    }

    @Test
    @EnabledOnOs(LINUX)
    void exportingOntoAFullDiskFailsInsteadOfReportingSuccess() {
        assertThat(run("query", "--model", "mock/echo", "What is the capital of Peru?")
                        .code())
                .isZero();
        Tracing.global().flush(Duration.ofSeconds(10));

        Run run = run("traces", "export", "-o", "/dev/full");

        assertOneClearLine(run, "/dev/full", "No space left on device");
        assertThat(run.err()).doesNotContain("exported");
    }

    @Test
    void aDatasetNestedDeeperThanTheParserAllowsIsAClearError() throws Exception {
        Path data = dir.resolve("nested.json");
        Files.writeString(
                data, "[{\"inputs\": {\"question\": \"hi\"}, \"extra\": " + "[".repeat(5000) + "]".repeat(5000) + "}]");

        Run run = run(
                "eval",
                "run",
                "--data",
                data.toString(),
                "--model",
                "mock/echo",
                "--scorers",
                "exact_match",
                "--no-progress",
                "--store",
                store());

        assertOneClearLine(run, "nesting depth");
    }
}
