package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void queryPrintsTheAnswerWithTokensCostAndLatency() {
        int code = run("query", "--model", "mock/mini", "--seed", "1", "What is the capital of France?");

        assertThat(code).isZero();
        assertThat(out.toString())
                .containsPattern("(?m)^tokens +\\d+ in, \\d+ out")
                .containsPattern("(?m)^cost +\\$0\\.\\d+")
                .containsPattern("(?m)^latency +\\d+ ms")
                .contains("model    mock/mini");
    }

    @Test
    void queryStreamsOnTheSimulatedModel() {
        int code = run("query", "--stream", "--model", "mock/pro", "What is the chemical symbol for gold?");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("model    mock/pro").containsPattern("tokens +\\d+ in");
    }

    @Test
    void unknownModelIsOneClearLineWithSuggestions() {
        int code = run("query", "--model", "gtp-4o", "hi");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: Unknown model 'gtp-4o'. Did you mean: gpt-4o");
    }

    @Test
    void modelsListsSimulatedModelsAsReady() {
        int code = run("models", "--provider", "mock");

        assertThat(code).isZero();
        assertThat(out.toString()).containsPattern("mock/mini +mock +ready");
    }
}
