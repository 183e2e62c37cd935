package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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

/** {@code mlflowlite serve} as a user runs it: a real process, a real port, SIGTERM to stop. */
class ServeCommandTest {
    @TempDir
    Path work;

    @Test
    void aBrokenConfigStopsTheStartListingEveryProblemWithItsPath() throws IOException {
        Path config = work.resolve("gateway.yaml");
        java.nio.file.Files.writeString(config, """
                endpoints:
                  - name: chat
                    endpoint_type: llm/v1/chat
                    model: {provider: opena, name: gpt-4o}
                  - name: chat
                    endpoint_type: llm/v1/chat
                    model: {provider: mock, name: mini}
                """);
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("serve", "--port", "0", "--config", config.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .contains("endpoints[0].model.provider")
                .contains("opena")
                .contains("endpoints[1].name");
    }

    @Test
    void servesConfiguredEndpointsAndSwapsModelsWhenTheFileIsEdited() throws Exception {
        Path config = work.resolve("gateway.yaml");
        java.nio.file.Files.writeString(config, endpointOn("echo"));
        Process process = ChildMain.start(work, Map.of(), "serve", "--port", "0", "--config", config.toString());
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> output = new ArrayList<>();
        Thread.ofVirtual().start(() -> ProcessLines.pump(process.getInputStream(), lines));
        try {
            String url = awaitUrl(lines, output);
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(chat(url, "assistant", false), HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("\"model\":\"echo\"");

            java.nio.file.Files.writeString(config, endpointOn("mini"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String body = "";
            while (!body.contains("\"model\":\"mini\"") && System.nanoTime() < deadline) {
                body = http.send(chat(url, "assistant", false), HttpResponse.BodyHandlers.ofString())
                        .body();
            }
            assertThat(body).as("the edit was applied without a restart").contains("\"model\":\"mini\"");

            java.nio.file.Files.writeString(config, endpointOn("no-such-model").replace("llm/v1/chat", "llm/v1/chatt"));
            String rejected = null;
            while (rejected == null) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                assertThat(line)
                        .as("the broken edit was reported; output so far: %s", output)
                        .isNotNull();
                output.add(line);
                rejected = line.contains("endpoints[0].endpoint_type") ? line : null;
            }
            assertThat(http.send(chat(url, "assistant", false), HttpResponse.BodyHandlers.ofString())
                            .body())
                    .as("the old config keeps serving")
                    .contains("\"model\":\"mini\"");

            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // the pump adds its last line when the output ends: then every line is in
            while (!output.getLast().startsWith("(output ended")
                    && !output.getLast().contains("stopped.")) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                assertThat(line)
                        .as("the output after stopping; so far %s", output)
                        .isNotNull();
                output.add(line);
            }
            lines.drainTo(output);
            // once each: as one log line (ISO time, level, logger), not also as JUL's two-line record or a copy
            assertThat(output.stream().filter(line -> line.contains("routing configuration")))
                    .as("reload outcomes in %s", output)
                    .isNotEmpty()
                    .allMatch(line -> line.matches("^\\d{4}-\\d\\d-\\d\\dT\\S+ (INFO|WARN) +ConfigWatcher: .*"));
            assertThat(output)
                    .as("the old copy of each outcome")
                    .noneMatch(line -> line.startsWith("mlflowlite: " + config));
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    private static String endpointOn(String mockModel) {
        return "endpoints:\n  - name: assistant\n    endpoint_type: llm/v1/chat\n    model: {provider: mock, name: "
                + mockModel + "}\n";
    }

    private static String awaitUrl(LinkedBlockingQueue<String> lines, List<String> output) throws InterruptedException {
        while (true) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertThat(line)
                    .as("serve printed its URL; output so far: %s", output)
                    .isNotNull();
            output.add(line);
            Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
    }

    @Test
    void servesTheEmbeddedDefaultAndDrainsAStreamInFlightOnSigterm() throws Exception {
        Process process = ChildMain.start(work, Map.of(), "serve", "--port", "0");
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> output = new ArrayList<>();
        Thread.ofVirtual().start(() -> ProcessLines.pump(process.getInputStream(), lines));
        try {
            String url = null;
            while (url == null) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertThat(line)
                        .as("serve printed its URL; output so far: %s", output)
                        .isNotNull();
                output.add(line);
                Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(line);
                url = m.find() ? m.group(1) : null;
            }
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> plain = http.send(chat(url, "mock/echo", false), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.body()).contains("What is the capital of France?");

            // a slow simulated model streams; SIGTERM arrives after its first event
            HttpResponse<InputStream> stream =
                    http.send(chat(url, "mock/pro", true), HttpResponse.BodyHandlers.ofInputStream());
            List<String> events = new ArrayList<>();
            try (BufferedReader body =
                    new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                events.add(body.readLine());
                process.toHandle().destroy(); // SIGTERM, as Ctrl-C or a container stop; keeps our end of the pipes open
                for (String line = body.readLine(); line != null; line = body.readLine()) {
                    if (!line.isEmpty()) {
                        events.add(line);
                    }
                }
            }
            assertThat(events.getFirst()).startsWith("data: {");
            assertThat(events.getLast())
                    .as("the stream ran to its end during the drain")
                    .isEqualTo("data: [DONE]");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            lines.drainTo(output);
            assertThat(String.join("\n", output))
                    .contains("curl " + url + "/v1/chat/completions")
                    .contains("shutting down")
                    .contains("mlflowlite: stopped.");
        } finally {
            process.destroyForcibly();
        }
    }

    private static HttpRequest chat(String url, String model, boolean stream) {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";
        return HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
