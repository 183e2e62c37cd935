package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
    @Test
    void socketsAreWaitedOnThroughPlatformPollersUnlessTheJvmOptionsChoseAMode() {
        String before = System.getProperty(Main.POLLER_MODE);
        try {
            System.clearProperty(Main.POLLER_MODE);
            Main.socketWaitDefault();
            assertThat(System.getProperty(Main.POLLER_MODE)).isEqualTo("1");

            System.setProperty(Main.POLLER_MODE, "2"); // -Djdk.pollerMode=2 on the command line
            Main.socketWaitDefault();
            assertThat(System.getProperty(Main.POLLER_MODE)).isEqualTo("2");
        } finally {
            if (before == null) {
                System.clearProperty(Main.POLLER_MODE);
            } else {
                System.setProperty(Main.POLLER_MODE, before);
            }
        }
    }

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
