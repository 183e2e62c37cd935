package io.mlflowlite.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server the bench starts as a separate process (the gateway, the mock upstream): its output goes to a log
 * file, its URL is read from the {@code listening on http://…} line it prints, and its CPU time and resident
 * memory are read from {@code /proc}, so each process is charged only for its own work.
 */
final class BenchProcess implements AutoCloseable {
    /** A URL with a real port: a server whose listener failed to bind may still print one ending in -1. */
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+:\\d+)\\b");
    /** Linux reports CPU time in clock ticks, 100 per second on every mainstream kernel; asked once. */
    static final long NANOS_PER_TICK = 1_000_000_000L / ticksPerSecond();

    private final String name;
    private final Process process;
    private final String url;

    private BenchProcess(String name, Process process, String url) {
        this.name = name;
        this.process = process;
        this.url = url;
    }

    /**
     * Starts {@code command} with exactly the environment {@code env} and returns once it printed the URL it
     * listens on (or fails after a minute).
     */
    static BenchProcess start(String name, List<String> command, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name(name + "-output").start(() -> pump(process, log, url));
        try {
            return new BenchProcess(name, process, url.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException(name + " did not start; its output is in " + log, e);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<String> url) {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
                Matcher m = LISTENING.matcher(line);
                if (!url.isDone() && m.find()) {
                    url.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            url.completeExceptionally(e);
        }
        url.completeExceptionally(new IOException("the process ended before it printed its URL"));
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /** User plus system CPU time the process has used so far, in nanoseconds (10 ms resolution). */
    long cpuNanos() {
        return cpuNanos(pid());
    }

    /** User plus system CPU time of process {@code pid}, in nanoseconds (10 ms resolution). */
    static long cpuNanos(long pid) {
        long[] times = cpuTimes(pid);
        return times[0] + times[1];
    }

    /** {user, system} CPU time of process {@code pid}, in nanoseconds (10 ms resolution). */
    static long[] cpuTimes(long pid) {
        String stat = read("/proc/" + pid + "/stat");
        // the command name in parentheses may hold spaces: count the fields after its closing one
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime, stime (fields 14 and 15)
        return new long[] {Long.parseLong(fields[11]) * NANOS_PER_TICK, Long.parseLong(fields[12]) * NANOS_PER_TICK};
    }

    /**
     * Context switches (voluntary and not) of the threads process {@code pid} has now: those of threads that
     * ended are gone from {@code /proc}, so compare two readings of a process whose threads live on.
     */
    static long contextSwitches(long pid) {
        long switches = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String status;
                try {
                    status = Files.readString(task.resolve("status"), StandardCharsets.US_ASCII);
                } catch (IOException ended) {
                    continue; // the thread ended between the listing and the read
                }
                for (String line : status.split("\n")) {
                    if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                        switches += Long.parseLong(
                                line.substring(line.indexOf(':') + 1).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return switches;
    }

    /** The resident set size, in bytes. */
    long residentBytes() {
        for (String line : read("/proc/" + pid() + "/status").split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid() + "/status");
    }

    /** The process's threads now ({@code Threads:} of {@code /proc/<pid>/status}): carriers, not virtual threads. */
    long threads() {
        for (String line : read("/proc/" + pid() + "/status").split("\n")) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring(8).strip());
            }
        }
        throw new IllegalStateException("no Threads in /proc/" + pid() + "/status");
    }

    /** The process's open file descriptors: the entries of {@code /proc/<pid>/fd}. */
    long openFiles() {
        try (var fds = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The process's established TCP connections, {client, upstream}: sockets among its descriptors that
     * {@code /proc/<pid>/net/tcp} and {@code tcp6} list as established, those whose local port is
     * {@code serverPort} accepted from clients, the others opened by the process (to upstreams, stores).
     */
    long[] connections(int serverPort) {
        java.util.Set<String> sockets = new java.util.HashSet<>();
        try (var fds = Files.list(Path.of("/proc/" + pid() + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closed) {
                    // the descriptor was closed between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] counts = new long[2];
        for (String table : List.of("tcp", "tcp6")) {
            String[] lines = read("/proc/" + pid() + "/net/" + table).split("\n");
            for (int i = 1; i < lines.length; i++) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
                String[] f = lines[i].strip().split("\\s+");
                if (f.length > 9 && f[3].equals("01") && sockets.contains(f[9])) {
                    int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    counts[localPort == serverPort ? 0 : 1]++;
                }
            }
        }
        return counts;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** SIGTERM (the gateway drains and flushes its traces), then a kill if it takes more than a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            System.err.println(name + " did not stop within a minute of SIGTERM; killing it");
            process.destroyForcibly().waitFor();
        }
    }
}
