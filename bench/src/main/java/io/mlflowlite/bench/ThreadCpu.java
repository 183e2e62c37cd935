package io.mlflowlite.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a process's CPU time went, by kind of thread, from {@code /proc/<pid>/task/*}: the threads serving
 * requests, the upstream HTTP client's, the trace writer, the JIT compilers, the garbage collector. Threads that
 * ended between two snapshots (an idle pool shrinking) are counted in the process total only, and show as
 * {@value #ENDED}.
 */
final class ThreadCpu {
    static final String ENDED = "threads that ended meanwhile";
    /** Thread-name prefixes (as {@code /proc} truncates them, 15 characters) and what they do in the gateway. */
    private static final List<String[]> GROUPS = List.of(
            new String[] {"ForkJoinPool-", "request handling and upstream exchange (virtual threads' carriers)"},
            new String[] {"HttpClient-", "upstream HTTP client (JDK HttpClient)"},
            new String[] {"mlflowlite-trac", "trace writer (SQLite) and its connection pool"},
            new String[] {"C1 CompilerThre", "JIT compilers"},
            new String[] {"C2 CompilerThre", "JIT compilers"},
            new String[] {"GC Thread", "garbage collector"},
            new String[] {"G1 ", "garbage collector"},
            new String[] {"ZWorker", "garbage collector"}, // ZGC's threads
            new String[] {"ZDriver", "garbage collector"},
            new String[] {"ZDirector", "garbage collector"},
            new String[] {"ZUncommit", "garbage collector"},
            new String[] {"ZUnmap", "garbage collector"},
            new String[] {"MasterPoller", "socket poller (virtual threads)"},
            new String[] {"SubPoller", "socket poller (virtual threads)"},
            new String[] {"server-@default", "socket poller (virtual threads)"},
            new String[] {"Read-Poller", "socket poller (virtual threads)"},
            new String[] {"Write-Poller", "socket poller (virtual threads)"},
            new String[] {"mlflowlite-http", "upstream connection pool timer"});

    private static final String OTHER = "other JVM threads";

    private ThreadCpu() {}

    /** CPU ticks by thread id then the thread's group; a snapshot to subtract from a later one. */
    static Map<String, long[]> snapshot(long pid) {
        Map<String, long[]> byThread = new LinkedHashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8)
                            .strip();
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    byThread.put(task.getFileName() + " " + group(name), new long[] {ticks});
                } catch (IOException e) {
                    // the thread ended while we listed them: its time is in the process total
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return byThread;
    }

    /**
     * CPU nanoseconds per group between two snapshots, with {@value #ENDED} holding what the process total
     * has beyond the live threads' sum.
     */
    static Map<String, Long> between(
            Map<String, long[]> before, Map<String, long[]> after, long processNanos, long nanosPerTick) {
        Map<String, Long> groups = new LinkedHashMap<>();
        long sum = 0;
        for (Map.Entry<String, long[]> thread : after.entrySet()) {
            long[] earlier = before.get(thread.getKey());
            long nanos = (thread.getValue()[0] - (earlier == null ? 0 : earlier[0])) * nanosPerTick;
            String group = thread.getKey().substring(thread.getKey().indexOf(' ') + 1);
            groups.merge(group, nanos, Long::sum);
            sum += nanos;
        }
        groups.put(ENDED, Math.max(0, processNanos - sum));
        return groups;
    }

    private static String group(String threadName) {
        for (String[] g : GROUPS) {
            if (threadName.startsWith(g[0])) {
                return g[1];
            }
        }
        return OTHER;
    }
}
