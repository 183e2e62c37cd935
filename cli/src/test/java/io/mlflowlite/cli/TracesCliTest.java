package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.Tracing;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The traces commands against the SQLite store the query command recorded into. */
class TracesCliTest {
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

    private static String queryAndFlush(String question) {
        Run query = run("query", "--model", "mock/echo", question);
        assertThat(query.code()).isZero();
        Matcher id = Pattern.compile("trace +(tr-[0-9a-f]{32})").matcher(query.out());
        assertThat(id.find()).as("query prints its trace id: %s", query.out()).isTrue();
        Tracing.global().flush(Duration.ofSeconds(10));
        return id.group(1);
    }

    @Test
    void listShowExportAndDeleteTheTraceOfAQuery() throws Exception {
        String traceId = queryAndFlush("Which planet is known as the Red Planet?");

        Run list = run("traces", "list", "--model", "mock/echo", "--since", "1h");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(traceId).contains("Which planet is known as the Red Planet?");

        Run show = run("traces", "show", traceId);
        assertThat(show.code()).isZero();
        assertThat(show.out())
                .contains("trace      " + traceId)
                .contains("chat mock/echo [CHAT_MODEL]")
                .contains("attempt 1 mock/echo [LLM]")
                .containsPattern("tokens \\d+ in, \\d+ out");

        Path file = dir.resolve("traces.jsonl");
        Run export = run("traces", "export", "--format", "jsonl", "--model", "mock/echo", "-o", file.toString());
        assertThat(export.code()).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines)
                .anySatisfy(
                        line -> assertThat(Json.read(line).at("/info/trace_id").asText())
                                .isEqualTo(traceId));

        Run delete = run("traces", "delete", traceId);
        assertThat(delete.out()).contains("deleted 1 trace(s)");
        assertThat(run("traces", "show", traceId).err()).contains("No trace " + traceId);
    }

    @Test
    void badFiltersAreClearErrors() {
        Run bad = run("traces", "list", "--since", "yesterday");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--since takes a duration like 30m, 2h, 7d");

        Run status = run("traces", "list", "--status", "MAYBE");
        assertThat(status.err()).contains("--status must be OK or ERROR");
    }
}
