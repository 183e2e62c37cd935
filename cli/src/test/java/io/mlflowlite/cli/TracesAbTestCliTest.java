package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.tracing.Ids;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceState;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code traces list --ab-test/--variant} with the variant column, and {@code traces show} with assessments. */
class TracesAbTestCliTest {
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

    private static Trace trace(String request, Map<String, String> tags, int secondsAgo) {
        return new Trace(
                TraceInfo.builder()
                        .traceId(Ids.traceId())
                        .experiment("llm_workspace")
                        .startTime(Instant.now().minusSeconds(secondsAgo))
                        .duration(Duration.ofMillis(12))
                        .state(TraceState.OK)
                        .requestPreview(request)
                        .model("mock/echo")
                        .cost(BigDecimal.ZERO)
                        .tags(tags)
                        .build(),
                List.of());
    }

    @Test
    void filtersByAbTestAndVariantShowsTheVariantAndTheAssessments() {
        String url = "jdbc:sqlite:" + dir.resolve("traces.db");
        Trace friendly =
                trace("say hi friendly", Map.of("mlflowlite.experiment", "tone", "mlflowlite.variant", "friendly"), 3);
        Trace control =
                trace("say hi control", Map.of("mlflowlite.experiment", "tone", "mlflowlite.variant", "control"), 2);
        Trace other = trace("how long", Map.of("mlflowlite.experiment", "length", "mlflowlite.variant", "friendly"), 1);
        Trace plain = trace("plain call", Map.of(), 0);
        try (TraceStore store = TraceStores.open(url)) {
            store.write(List.of(friendly, control, other, plain));
            store.logAssessment(friendly.traceId(), Feedback.of("thumbs_up", true, "nice tone", "HUMAN:ana"));
        }

        Run test = run("traces", "list", "--store", url, "--ab-test", "tone");
        assertThat(test.code()).as(test.err()).isZero();
        assertThat(test.out())
                .contains("VARIANT")
                .contains(friendly.traceId())
                .contains(control.traceId())
                .doesNotContain(other.traceId())
                .doesNotContain(plain.traceId())
                .containsPattern(friendly.traceId() + ".*friendly .*say hi friendly")
                .containsPattern(control.traceId() + ".*control .*say hi control");

        Run variant = run("traces", "list", "--store", url, "--ab-test", "tone", "--variant", "friendly");
        assertThat(variant.out()).contains(friendly.traceId()).doesNotContain(control.traceId());

        Run everything = run("traces", "list", "--store", url, "--model", "mock/echo");
        assertThat(everything.out()).contains("VARIANT").containsPattern(plain.traceId() + ".* - .*plain call");

        Run plainOnly = run("traces", "list", "--store", url, "--tag", "x=y");
        assertThat(plainOnly.out()).doesNotContain("VARIANT");

        Run show = run("traces", "show", "--store", url, friendly.traceId());
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("assessments").containsPattern("thumbs_up +true +HUMAN:ana +nice tone");
        Run json = run("traces", "show", "--store", url, "--output", "json", friendly.traceId());
        assertThat(json.out()).contains("\"assessments\"").contains("\"thumbs_up\"");
    }
}
