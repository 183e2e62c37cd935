package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The server's log handler: every line written, in order, soon when idle, and all of them at close. */
class BackgroundLinesTest {
    private static final Formatter PLAIN = new Formatter() {
        @Override
        public String format(LogRecord record) {
            return record.getMessage() + "\n";
        }
    };

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyLineFromManyThreadsIsWrittenOnceInTheOrderEachThreadLoggedIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CliLogging.BackgroundLines handler = new CliLogging.BackgroundLines(out, PLAIN);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5_000; i++) {
                    handler.publish(new LogRecord(Level.INFO, thread + " " + i));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        handler.flush();

        List<String> lines = Arrays.asList(text(out).split("\n"));
        assertThat(lines).hasSize(20_000).doesNotHaveDuplicates();
        Map<String, Integer> last = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            int i = Integer.parseInt(parts[1]);
            assertThat(i).as("thread %s's lines in order", parts[0]).isEqualTo(last.getOrDefault(parts[0], -1) + 1);
            last.put(parts[0], i);
        }
        handler.close();
    }

    @Test
    void aLineIsWrittenWithoutAFlushWhenTheServerIsIdle() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CliLogging.BackgroundLines handler = new CliLogging.BackgroundLines(out, PLAIN);
        try {
            handler.publish(new LogRecord(Level.WARNING, "the only line"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (text(out).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(text(out)).isEqualTo("the only line\n");
        } finally {
            handler.close();
        }
    }

    @Test
    void closingWritesWhatIsStillQueuedAndLaterRecordsAreIgnored() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CliLogging.BackgroundLines handler = new CliLogging.BackgroundLines(out, PLAIN);
        for (int i = 0; i < 3_000; i++) {
            handler.publish(new LogRecord(Level.INFO, "line " + i));
        }
        handler.close();
        handler.publish(new LogRecord(Level.INFO, "after close"));

        String[] lines = text(out).split("\n");
        assertThat(lines).hasSize(3_000);
        assertThat(lines[0]).isEqualTo("line 0");
        assertThat(lines[2_999]).isEqualTo("line 2999");
    }
}
