package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.LINUX;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway under a small file descriptor limit survives more idle connections than descriptors: it stops
 * accepting at its connection cap instead of running out ("Too many open files" ended the listener for good), and
 * serves again once the connections go.
 */
@EnabledOnOs(LINUX)
class DescriptorLimitTest {
    @TempDir
    Path work;

    @Test
    void moreIdleConnectionsThanDescriptorsDoNotStopTheListener() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // ulimit applies to the shell and the JVM it becomes: 256 descriptors, fewer than the sockets opened below
        Process process = new ProcessBuilder(
                        "bash",
                        "-c",
                        "ulimit -n 256 && exec \"$0\" -cp \"$1\" " + Main.class.getName() + " serve --port 0",
                        java,
                        System.getProperty("java.class.path"))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> pump(process.getInputStream(), lines));
        List<Socket> idle = new ArrayList<>();
        try {
            URI url = URI.create(urlOf(lines));
            for (int i = 0; i < 400; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 10_000);
                idle.add(socket);
            }
            for (Socket socket : idle) {
                socket.close();
            }
            idle.clear();

            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(url.resolve("/health"))
                                    .timeout(Duration.ofSeconds(60))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(200);
            List<String> output = new ArrayList<>();
            lines.drainTo(output);
            assertThat(String.join("\n", output)).doesNotContain("Too many open files");
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String urlOf(LinkedBlockingQueue<String> lines) throws InterruptedException {
        List<String> output = new ArrayList<>();
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
