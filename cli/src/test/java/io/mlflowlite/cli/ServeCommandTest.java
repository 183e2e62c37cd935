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
    void configFilesAreRefusedClearlyUntilEndpointConfigurationLands() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("serve", "--port", "0", "--config", "gateway.yaml");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --config is not supported yet");
    }

    @Test
    void servesTheEmbeddedDefaultAndDrainsAStreamInFlightOnSigterm() throws Exception {
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> output = new ArrayList<>();
        Thread.ofVirtual().start(() -> pump(process.getInputStream(), lines));
        try {
            String url = null;
            while (url == null) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("serve printed its URL; output so far: %s", output).isNotNull();
                output.add(line);
                Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(line);
                url = m.find() ? m.group(1) : null;
            }
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> plain = http.send(chat(url, "mock/echo", false), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.body()).contains("What is the capital of France?");

            // a slow simulated model streams; SIGTERM arrives after its first event
            HttpResponse<InputStream> stream = http.send(chat(url, "mock/pro", true), HttpResponse.BodyHandlers.ofInputStream());
            List<String> events = new ArrayList<>();
            try (BufferedReader body = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                events.add(body.readLine());
                process.toHandle().destroy(); // SIGTERM, as Ctrl-C or a container stop; keeps our end of the pipes open
                for (String line = body.readLine(); line != null; line = body.readLine()) {
                    if (!line.isEmpty()) {
                        events.add(line);
                    }
                }
            }
            assertThat(events.getFirst()).startsWith("data: {");
            assertThat(events.getLast()).as("the stream ran to its end during the drain").isEqualTo("data: [DONE]");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            lines.drainTo(output);
            assertThat(String.join("\n", output)).contains("curl " + url + "/v1/chat/completions")
                    .contains("shutting down").contains("mlflowlite: stopped.");
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
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void pump(InputStream in, LinkedBlockingQueue<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output ended: " + e + ")");
        }
    }
}
