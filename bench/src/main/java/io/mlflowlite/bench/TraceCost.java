package io.mlflowlite.bench;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.TraceWriter;
import io.mlflowlite.tracing.TraceWriterStats;
import io.mlflowlite.tracing.Tracing;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What recording a call's trace costs, writer included: N calls from one thread through {@code Gateway.completion}
 * to the instant simulated model {@code mock/echo}, with tracing off, into memory, or into a real SQLite file
 * (the production {@code TraceWriter}: queue, writer thread, store thread, spill file). For each run it reports
 * CPU per call by thread (the caller, the trace writer's threads, the rest of the JVM: GC, JIT) and for the whole
 * process, bytes allocated per call by all threads, the calls/s the caller reached, the traces/s sustained until
 * the last one was stored, the deepest the writer's queue got, and how many traces spilled. CPU and allocation
 * come from the JVM's own counters ({@code ThreadMXBean}, the process CPU time), not from the wall clock, so a
 * busy machine slows a run down without changing what it costs.
 *
 * <p>{@code bench/run ingestion calls [--calls 70000] [--warmup 20000] [--rate 0] [--rounds 3]
 * [--modes off,memory,sqlite] [--store-timeout-ms 1000]}: {@code --rate 0} calls as fast as the thread can (closed loop); a rate paces the
 * calls (open loop, bursts of at most a millisecond), to see whether the writer keeps up at that rate. A
 * longer store timeout than the writer's default tells the store's own cost from that of spilling.
 */
final class TraceCost {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** The trace writer's threads: {@code mlflowlite-trace-writer}, {@code mlflowlite-trace-store}. */
    private static final String WRITER_PREFIX = "mlflowlite-trace";

    private TraceCost() {}

    /** One measured run of one mode. */
    record Run(
            String mode,
            long calls,
            double callerCpuUs,
            double writerCpuUs,
            double otherJavaCpuUs,
            double gcCpuUs,
            double jitCpuUs,
            double processCpuUs,
            double allocatedKb,
            double callerKb,
            double writerKb,
            double callsPerSecond,
            double tracesPerSecond,
            long maxQueued,
            TraceWriterStats stats) {}

    static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int calls = Integer.parseInt(options.getOrDefault("calls", "70000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "20000"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "0"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        List<String> modes =
                Arrays.asList(options.getOrDefault("modes", "off,memory,sqlite").split(","));
        Duration storeTimeout = Duration.ofMillis(Long.parseLong(options.getOrDefault(
                "store-timeout-ms", Long.toString(TraceWriter.Options.DEFAULT_STORE_TIMEOUT.toMillis()))));
        Machine machine = Machine.describe();
        System.out.printf(
                Locale.ROOT,
                "machine: %d CPUs (%s), %d MiB, %s, %s; JVM options %s; max heap %d MiB%n"
                        + "%d calls per run after %d warm-up calls, %s, %d rounds of %s, store timeout %d ms;"
                        + " load average at start %s%n%n",
                machine.cpus(),
                machine.cpuModel(),
                machine.memoryKiB() / 1024,
                machine.kernel(),
                machine.jdk(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                Runtime.getRuntime().maxMemory() >> 20,
                calls,
                warmup,
                rate > 0 ? String.format(Locale.ROOT, "paced at %.0f calls/s", rate) : "closed loop (one thread)",
                rounds,
                modes,
                storeTimeout.toMillis(),
                machine.loadBefore());
        Map<String, List<Run>> byMode = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String mode : modes) {
                Run run = run(mode, calls, warmup, rate, storeTimeout);
                byMode.computeIfAbsent(mode, m -> new ArrayList<>()).add(run);
                System.out.printf(Locale.ROOT, "round %d: %s%n", round, line(run));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nload average at end %s%n%n",
                machine.withLoadAtEnd().loadAfter());
        table(byMode);
    }

    static Run run(String mode, int calls, int warmup, double rate, Duration storeTimeout) throws Exception {
        Path dir = Files.createTempDirectory("mlflowlite-tracecost");
        TraceStore store = switch (mode) {
            case "sqlite" -> TraceStores.open("jdbc:sqlite:" + dir.resolve("traces.db"));
            case "memory", "off" -> new InMemoryTraceStore(10_000);
            default -> throw new IllegalArgumentException("mode: off, memory or sqlite, not " + mode);
        };
        ChatRequest request = ChatRequest.builder()
                .model("mock/echo")
                .addSystemMessage("You are terse.")
                .addUserMessage("What is the capital of France?")
                .build();
        try (Tracing tracing = Tracing.builder()
                        .enabled(!mode.equals("off"))
                        .store(store)
                        .spillDir(dir.resolve("spill"))
                        .writerOptions(new TraceWriter.Options(
                                TraceWriter.Options.DEFAULT.queueCapacity(),
                                TraceWriter.Options.DEFAULT.batchSize(),
                                TraceWriter.Options.DEFAULT.flushInterval(),
                                TraceWriter.Options.DEFAULT.maxBackoff(),
                                storeTimeout))
                        .build();
                Gateway gateway =
                        Gateway.builder().env(Map.of()).tracing(tracing).build()) {
            for (int i = 0; i < warmup; i++) {
                gateway.completion(request);
            }
            tracing.flush(Duration.ofMinutes(5));
            TraceWriterStats before = tracing.stats();
            System.gc(); // start from an empty young generation, so runs collect alike
            Snapshot start = Snapshot.take();
            long t0 = System.nanoTime();
            long maxQueued = 0;
            for (int i = 0; i < calls; i++) {
                gateway.completion(request);
                if ((i & 1023) == 0) {
                    maxQueued = Math.max(maxQueued, tracing.stats().queued());
                }
                if (rate > 0) {
                    long ahead = t0 + (long) ((i + 1) * 1e9 / rate) - System.nanoTime();
                    if (ahead > 1_000_000) {
                        LockSupport.parkNanos(ahead);
                    }
                }
            }
            long called = System.nanoTime();
            tracing.flush(Duration.ofMinutes(5));
            long stored = System.nanoTime();
            Snapshot end = Snapshot.take();
            TraceWriterStats after = tracing.stats();
            TraceWriterStats stats = new TraceWriterStats(
                    after.queued(),
                    after.accepted() - before.accepted(),
                    after.written() - before.written(),
                    after.spilled() - before.spilled(),
                    after.replayed() - before.replayed(),
                    after.dropped() - before.dropped(),
                    after.storeAvailable());
            return end.minus(start, mode, calls, called - t0, stored - t0, maxQueued, stats);
        }
    }

    /** The JVM's CPU and allocation counters at one moment, by thread. */
    private record Snapshot(long processCpu, long allocated, Map<Long, long[]> threads, Map<String, long[]> vmThreads) {
        static Snapshot take() {
            long[] ids = THREADS.getAllThreadIds();
            long[] cpu = THREADS.getThreadCpuTime(ids);
            long[] bytes = THREADS.getThreadAllocatedBytes(ids);
            ThreadInfo[] infos = THREADS.getThreadInfo(ids);
            long caller = Thread.currentThread().threadId();
            Map<Long, long[]> threads = new HashMap<>();
            for (int i = 0; i < ids.length; i++) {
                if (infos[i] != null && cpu[i] >= 0) {
                    long kind = ids[i] == caller ? 0 : infos[i].getThreadName().startsWith(WRITER_PREFIX) ? 1 : 2;
                    threads.put(ids[i], new long[] {kind, cpu[i], bytes[i]});
                }
            }
            return new Snapshot(
                    OS.getProcessCpuTime(),
                    THREADS.getTotalThreadAllocatedBytes(),
                    threads,
                    ThreadCpu.snapshot(ProcessHandle.current().pid()));
        }

        Run minus(
                Snapshot start,
                String mode,
                long calls,
                long callNanos,
                long storeNanos,
                long maxQueued,
                TraceWriterStats stats) {
            long[] cpu = new long[3];
            long[] bytes = new long[3];
            threads.forEach((id, now) -> {
                long[] then = start.threads.getOrDefault(id, new long[] {now[0], 0, 0});
                cpu[(int) now[0]] += now[1] - then[1];
                bytes[(int) now[0]] += now[2] - then[2];
            });
            // the JVM's own threads (not in ThreadMXBean) from /proc, in 10 ms ticks
            Map<String, Long> vm = ThreadCpu.between(
                    start.vmThreads, vmThreads, processCpu - start.processCpu, BenchProcess.NANOS_PER_TICK);
            double n = calls;
            return new Run(
                    mode,
                    calls,
                    cpu[0] / 1e3 / n,
                    cpu[1] / 1e3 / n,
                    cpu[2] / 1e3 / n,
                    vm.getOrDefault("garbage collector", 0L) / 1e3 / n,
                    vm.getOrDefault("JIT compilers", 0L) / 1e3 / n,
                    (processCpu - start.processCpu) / 1e3 / n,
                    (allocated - start.allocated) / 1024.0 / n,
                    bytes[0] / 1024.0 / n,
                    bytes[1] / 1024.0 / n,
                    calls / (callNanos / 1e9),
                    calls / (storeNanos / 1e9),
                    maxQueued,
                    stats);
        }
    }

    private static String line(Run r) {
        return String.format(
                Locale.ROOT,
                "%-6s CPU µs/call: caller %.1f, trace writer %.1f, other Java threads %.1f, GC %.1f, JIT %.1f,"
                        + " process %.1f; allocated KB/call %.1f (caller %.1f, writer %.1f); %.0f calls/s,"
                        + " %.0f traces/s stored; queue max %d; written %d, spilled %d, replayed %d, dropped %d",
                r.mode(),
                r.callerCpuUs(),
                r.writerCpuUs(),
                r.otherJavaCpuUs(),
                r.gcCpuUs(),
                r.jitCpuUs(),
                r.processCpuUs(),
                r.allocatedKb(),
                r.callerKb(),
                r.writerKb(),
                r.callsPerSecond(),
                r.tracesPerSecond(),
                r.maxQueued(),
                r.stats().written(),
                r.stats().spilled(),
                r.stats().replayed(),
                r.stats().dropped());
    }

    /** The median of each column over the rounds, and each traced mode minus tracing off. */
    private static void table(Map<String, List<Run>> byMode) {
        System.out.println("Medians over the rounds (spilled: the largest of any round):");
        System.out.println();
        System.out.println("| mode | caller CPU µs/call | trace writer CPU µs/call | GC µs/call | JIT µs/call"
                + " | process CPU µs/call | allocated KB/call (all threads) | of it caller / writer"
                + " | calls/s | traces/s stored | queue max | spilled |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Map<String, double[]> medians = new LinkedHashMap<>();
        byMode.forEach((mode, runs) -> {
            double[] m = {
                median(runs, Run::callerCpuUs),
                median(runs, Run::writerCpuUs),
                median(runs, Run::gcCpuUs),
                median(runs, Run::jitCpuUs),
                median(runs, Run::processCpuUs),
                median(runs, Run::allocatedKb),
                median(runs, Run::callerKb),
                median(runs, Run::writerKb),
                median(runs, Run::callsPerSecond),
                median(runs, Run::tracesPerSecond),
                median(runs, r -> r.maxQueued()),
                runs.stream().mapToLong(r -> r.stats().spilled()).max().orElse(0)
            };
            medians.put(mode, m);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f / %.1f | %,.0f | %,.0f | %,.0f | %,.0f |%n",
                    mode,
                    m[0],
                    m[1],
                    m[2],
                    m[3],
                    m[4],
                    m[5],
                    m[6],
                    m[7],
                    m[8],
                    m[9],
                    m[10],
                    m[11]);
        });
        double[] off = medians.get("off");
        if (off == null) {
            return;
        }
        medians.forEach((mode, m) -> {
            if (!mode.equals("off")) {
                System.out.printf(
                        Locale.ROOT,
                        "| %s − off | %+.1f | %+.1f | %+.1f | %+.1f | %+.1f | %+.1f | %+.1f / %+.1f | | | | |%n",
                        mode,
                        m[0] - off[0],
                        m[1] - off[1],
                        m[2] - off[2],
                        m[3] - off[3],
                        m[4] - off[4],
                        m[5] - off[5],
                        m[6] - off[6],
                        m[7] - off[7]);
            }
        });
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> column) {
        double[] values = runs.stream().mapToDouble(column).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: bench/run ingestion calls [--calls 70000] [--warmup 20000]"
                        + " [--rate 0] [--rounds 3] [--modes off,memory,sqlite] [--store-timeout-ms 1000]; not "
                        + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
