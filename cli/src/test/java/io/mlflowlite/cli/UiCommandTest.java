package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceState;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

/** {@code mlflowlite ui}: the web UI over a store, without the gateway. */
class UiCommandTest {
    @TempDir
    Path work;

    @Test
    void refusesAStoreThatDoesNotExist() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("ui", "--store", "jdbc:sqlite:" + work.resolve("missing.db"), "--no-browser");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("No store found").contains("missing.db");
    }

    @Test
    void servesTheStoresTracesAndPrintsItsAddress() throws Exception {
        String url = "jdbc:sqlite:" + work.resolve("browse.db");
        String id = "tr-" + "0".repeat(31) + "7";
        try (TraceStore store = TraceStores.open(url)) {
            store.write(List.of(new Trace(
                    TraceInfo.builder()
                            .traceId(id)
                            .experiment("cli")
                            .startTime(Instant.now())
                            .duration(Duration.ofMillis(120))
                            .state(TraceState.OK)
                            .requestPreview("Which planet is largest?")
                            .responsePreview("Jupiter.")
                            .model("mock/mini")
                            .build(),
                    List.of())));
        }
        Process process = ChildMain.start(work, Map.of(), "ui", "--port", "0", "--store", url, "--no-browser");
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> output = new ArrayList<>();
        Thread.ofVirtual().start(() -> ProcessLines.pump(process.getInputStream(), lines));
        try {
            String address = null;
            while (address == null) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertThat(line)
                        .as("ui printed its address; output so far: %s", output)
                        .isNotNull();
                output.add(line);
                Matcher m = Pattern.compile("mlflowlite UI on (http://\\S+)").matcher(line);
                address = m.find() ? m.group(1) : null;
            }
            assertThat(address).endsWith("/ui/");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(URI.create(address + "traces")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("/ui/traces/" + id).contains("Which planet is largest?");
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }
}
