package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lines a child process prints, read on a virtual thread as they come, for tests of real processes. */
final class ProcessLines {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private ProcessLines() {}

    /** A queue that receives each line of {@code in}, and a last "(output ended: …)" line if reading fails. */
    static LinkedBlockingQueue<String> of(InputStream in) {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> pump(in, lines));
        return lines;
    }

    /** Reads lines until {@code serve} prints the URL it listens on (60 s for each line). */
    static String serveUrl(LinkedBlockingQueue<String> lines) throws InterruptedException {
        List<String> output = new ArrayList<>();
        while (true) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertThat(line)
                    .as("serve printed its URL; output so far: %s", output)
                    .isNotNull();
            output.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
    }

    static void pump(InputStream in, LinkedBlockingQueue<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output ended: " + e + ")");
        }
    }
}
