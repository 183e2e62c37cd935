package io.mlflowlite.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run floor}: what one proxied request costs, layer by layer, at one arrival rate. One mock upstream
 * serves five targets measured one after another, each a fresh process: the mock alone (requests sent straight to
 * it), the {@link EventLoopProxy} (the same forwarding on one selector thread: the other I/O model), the
 * {@link FloorProxy} (the gateway's web server and upstream client, nothing else), {@code mlflowlite serve}
 * with tracing off and no key check, and {@code mlflowlite serve} as {@code bench/run server} measures it (tracing
 * into SQLite, a virtual key on every request). For each: CPU per request split into user and system time, context
 * switches per request, end-to-end latency. Prints a markdown table on stdout.
 */
final class FloorBench {
    private record Options(int rate, int seconds, int warmupSeconds, Path gatewayJar) {
        static final String USAGE = "usage: bench/run floor [--rate 2000] [--seconds 30] [--warmup-seconds 20] "
                + "[--gateway-jar cli/target/mlflowlite.jar]";

        static Options parse(String[] args) {
            int rate = 2000;
            int seconds = 30;
            int warmup = 20;
            Path jar = Path.of("cli", "target", "mlflowlite.jar");
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--rate" -> rate = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--warmup-seconds" -> warmup = Integer.parseInt(value);
                    case "--gateway-jar" -> jar = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
                }
            }
            return new Options(rate, seconds, warmup, jar);
        }
    }

    /** One measured target: CPU in nanoseconds and switches over the run, per request answered. */
    private record Row(String target, LoadResult load, long userNanos, long systemNanos, long switches) {
        double perRequest(long total) {
            return load.ok() == 0 ? Double.NaN : (double) total / load.ok();
        }
    }

    private FloorBench() {}

    static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options = Options.parse(args);
        if (!Files.isRegularFile(options.gatewayJar())) {
            throw new IllegalArgumentException("No gateway jar at "
                    + options.gatewayJar().toAbsolutePath() + "; bench/run floor builds it, or pass --gateway-jar");
        }
        Path work = Files.createTempDirectory("mlflowlite-bench-floor");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        Machine machine = Machine.describe();
        ServerBench.progress("work directory %s (process logs, trace store)", work);
        List<Row> rows = new ArrayList<>();
        try (BenchProcess upstream = BenchProcess.start(
                "mock upstream",
                List.of(java, "-cp", classPath, MockUpstream.class.getName()),
                System.getenv(),
                work.resolve("upstream.log"))) {
            rows.add(measure(
                    options,
                    "mock upstream alone (requests straight to it)",
                    upstream,
                    upstream.url(),
                    "gpt-4o-mini",
                    null));
            try (BenchProcess loop = BenchProcess.start(
                    "event-loop proxy",
                    List.of(java, "-cp", classPath, EventLoopProxy.class.getName(), upstream.url()),
                    System.getenv(),
                    work.resolve("event-loop.log"))) {
                rows.add(measure(
                        options,
                        "event-loop proxy: one thread owns both sockets (java.nio), no hand-offs",
                        loop,
                        loop.url(),
                        "gpt-4o-mini",
                        null));
            }
            try (BenchProcess floor = BenchProcess.start(
                    "floor proxy",
                    List.of(java, "-cp", classPath, FloorProxy.class.getName(), upstream.url()),
                    System.getenv(),
                    work.resolve("floor.log"))) {
                rows.add(measure(
                        options,
                        "floor proxy: Helidon SE in, the gateway's HTTP client out, nothing " + "between",
                        floor,
                        floor.url(),
                        "gpt-4o-mini",
                        null));
            }
            rows.add(gateway(options, java, upstream, work, false));
            rows.add(gateway(options, java, upstream, work, true));
        }
        System.out.println(markdown(options, machine.withLoadAtEnd(), rows));
    }

    /** {@code mlflowlite serve} against {@code upstream}: bare (no tracing, no key) or as the server bench runs it. */
    private static Row gateway(Options options, String java, BenchProcess upstream, Path work, boolean full)
            throws Exception {
        String name = full ? "gateway" : "gateway-bare";
        String adminKey = "bench-admin-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (BenchProcess gateway = BenchProcess.start(
                name,
                ServerBench.gatewayCommand(java, options.gatewayJar(), List.of(), full),
                ServerBench.gatewayEnv(upstream.url(), work.resolve(name + ".db"), work, adminKey, full),
                work.resolve(name + ".log"))) {
            String apiKey = full ? BenchKey.create(gateway.url(), adminKey) : null;
            return measure(
                    options,
                    full
                            ? "`mlflowlite serve`: tracing into SQLite, virtual key checked"
                            : "`mlflowlite serve`: tracing off, no key check",
                    gateway,
                    gateway.url(),
                    ServerBench.MODEL,
                    apiKey);
        }
    }

    private static Row measure(
            Options options, String target, BenchProcess process, String url, String model, String apiKey)
            throws Exception {
        try (LoadGenerator generator = LoadGenerator.chat(target, url, model, apiKey, 1000, 10_000)) {
            ServerBench.progress(
                    "%s: warm-up, %d s at %d/s", target, options.warmupSeconds(), Math.min(1000, options.rate()));
            generator.run(Math.min(1000, options.rate()), options.warmupSeconds());
            long[] cpu = BenchProcess.cpuTimes(process.pid());
            long switches = BenchProcess.contextSwitches(process.pid());
            LoadResult load = generator.run(options.rate(), options.seconds());
            long[] cpuAfter = BenchProcess.cpuTimes(process.pid());
            Row row = new Row(
                    target,
                    load,
                    cpuAfter[0] - cpu[0],
                    cpuAfter[1] - cpu[1],
                    BenchProcess.contextSwitches(process.pid()) - switches);
            ServerBench.progress(
                    "%s: %.0f µs CPU per request (%.0f user, %.0f system), %.1f context switches, "
                            + "p50 %.2f p99 %.2f ms, %d errors",
                    target,
                    row.perRequest(row.userNanos() + row.systemNanos()) / 1e3,
                    row.perRequest(row.userNanos()) / 1e3,
                    row.perRequest(row.systemNanos()) / 1e3,
                    row.perRequest(row.switches()),
                    load.millis(50),
                    load.millis(99),
                    load.errors() + load.timeouts());
            return row;
        }
    }

    private static String markdown(Options options, Machine machine, List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "Run on %s with `bench/run floor --rate %d --seconds %d " + "--warmup-seconds %d`.%n%n",
                LocalDate.now(),
                options.rate(),
                options.seconds(),
                options.warmupSeconds()));
        md.append(String.format(
                Locale.ROOT,
                "- Machine: %d CPUs (%s), %.1f GiB RAM, %s, JDK %s. Load average "
                        + "(1/5/15 min) at the start %s, at the end %s.%n",
                machine.cpus(),
                machine.cpuModel(),
                machine.memoryKiB() / 1024.0 / 1024.0,
                machine.kernel(),
                machine.jdk(),
                machine.loadBefore(),
                machine.loadAfter()));
        md.append(String.format(
                Locale.ROOT,
                "- Each target: %d s warm-up at up to 1,000/s, then %d s measured at "
                        + "%d/s (open loop). CPU is the target process's user and system time per request answered; "
                        + "context switches are its threads' voluntary and involuntary ones per request.%n%n",
                options.warmupSeconds(),
                options.seconds(),
                options.rate()));
        md.append("| target | CPU per request (µs) | user / system (µs) | context switches per request "
                + "| end-to-end p50 / p99 (ms) | errors / timeouts |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.0f / %.0f | %.1f | %.2f / %.2f | %d / %d |%n",
                    r.target(),
                    r.perRequest(r.userNanos() + r.systemNanos()) / 1e3,
                    r.perRequest(r.userNanos()) / 1e3,
                    r.perRequest(r.systemNanos()) / 1e3,
                    r.perRequest(r.switches()),
                    r.load().millis(50),
                    r.load().millis(99),
                    r.load().errors(),
                    r.load().timeouts()));
        }
        return md.toString();
    }
}
