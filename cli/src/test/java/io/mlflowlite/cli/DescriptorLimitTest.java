package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.condition.OS.LINUX;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
        LinkedBlockingQueue<String> lines = ProcessLines.of(process.getInputStream());
        List<Socket> idle = new ArrayList<>();
        try {
            URI url = URI.create(ProcessLines.serveUrl(lines));
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
}
