package io.mlflowlite.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The gateway's stop-the-world pauses, read from the JVM's {@code -Xlog:safepoint} file: every safepoint with its
 * operation (a collector's pause, a deoptimization, …) and its total time (reaching it plus the operation), the
 * same whatever the collector, so collectors compare on one measure.
 */
final class SafepointLog {
    private static final Pattern LINE = Pattern.compile("Safepoint \\\"([^\\\"]+)\\\".*?Total: (\\d+) ns");

    private SafepointLog() {}

    /** The JVM option that writes the log to {@code file}. */
    static String option(Path file) {
        return "-Xlog:safepoint:file=" + file + ":uptime";
    }

    /** How many lines {@code file} has now: pauses after this mark belong to what runs next. */
    static int mark(Path file) throws IOException {
        return Files.exists(file) ? lines(file).size() : 0;
    }

    /** A markdown summary of the pauses logged after line {@code from}: count, p50, p99, max, by operation. */
    static String summary(Path file, int from) throws IOException {
        if (!Files.exists(file)) {
            return "no safepoint log (" + file + ")";
        }
        List<String> lines = lines(file);
        Histogram all = new Histogram(3);
        Map<String, Histogram> byOperation = new TreeMap<>();
        for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                long nanos = Long.parseLong(m.group(2));
                all.recordValue(nanos);
                byOperation.computeIfAbsent(m.group(1), k -> new Histogram(3)).recordValue(nanos);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| safepoint operation | pauses | p50 (ms) | p99 (ms) | max (ms) | total (ms) |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        byOperation.forEach((operation, h) -> out.append(row(operation, h)));
        out.append(row("**all**", all));
        return out.toString();
    }

    private static String row(String name, Histogram h) {
        return String.format(
                Locale.ROOT,
                "| %s | %d | %.3f | %.3f | %.3f | %.1f |%n",
                name,
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6,
                h.getMean() * h.getTotalCount() / 1e6);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
