package io.mlflowlite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run server}: the gateway server under open-loop load. Starts a {@link MockUpstream} process and
 * an {@code mlflowlite serve} process (from the shaded CLI jar, with the JVM options the launcher gives serve) whose OpenAI provider points
 * at the mock, with tracing into a SQLite file and a priced model, so the pipeline does everything it does in
 * production, including the API-key check: unless {@code --auth off}, the gateway runs with {@code --keys} and an
 * admin key, the bench creates a virtual key through {@code POST /admin/keys} and sends it as
 * {@code Authorization: Bearer …} on every request through the gateway. Then, for each rate, sends the same requests
 * straight to the mock and through the gateway, reads the gateway's own overhead histogram, CPU time and memory,
 * and finally soaks it at one rate while sampling memory. Prints the report as markdown on stdout; progress and
 * the child processes' logs go to stderr and to a temporary directory.
 */
final class ServerBench {
    static final String MODEL = "openai/gpt-4o-mini";
    private static final String PROMPT = "\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful "
            + "assistant. Answer in one short sentence.\"},{\"role\":\"user\",\"content\":\"What is the capital of "
            + "France?\"}],\"max_tokens\":64,\"temperature\":0.2}";

    private final ServerBenchOptions options;
    private final BenchProcess upstream;
    private final BenchProcess gateway;
    private final LoadGenerator direct;
    private final LoadGenerator viaGateway;
    private final Path database;
    private final Path safepoints;
    private final String apiKey;
    private final StringBuilder extra = new StringBuilder();

    private ServerBench(
            ServerBenchOptions options, BenchProcess upstream, BenchProcess gateway, Path database, String apiKey) {
        this.options = options;
        this.upstream = upstream;
        this.gateway = gateway;
        this.database = database;
        this.safepoints = database.resolveSibling("safepoint.log");
        this.apiKey = apiKey;
        this.direct = generator("direct", upstream.url(), "gpt-4o-mini", null);
        this.viaGateway = generator("gateway", gateway.url(), MODEL, apiKey);
    }

    static void main(String[] args) throws Exception {
        ServerBenchOptions options = ServerBenchOptions.parse(args);
        if (!Files.isRegularFile(options.gatewayJar())) {
            throw new IllegalArgumentException("No gateway jar at "
                    + options.gatewayJar().toAbsolutePath() + "; bench/run server builds it, or pass --gateway-jar");
        }
        Path work = Files.createTempDirectory("mlflowlite-bench-server");
        Path database = work.resolve("traces.db");
        List<String> javaOptions = new ArrayList<>(options.gatewayJavaOptions());
        javaOptions.add(SafepointLog.option(work.resolve("safepoint.log")));
        String java = ProcessHandle.current().info().command().orElse("java");
        String adminKey = "bench-admin-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Machine machine = Machine.describe();
        progress("work directory %s (process logs, trace store)", work);
        try (BenchProcess upstream = BenchProcess.start(
                        "mock upstream",
                        List.of(java, "-cp", System.getProperty("java.class.path"), MockUpstream.class.getName()),
                        System.getenv(),
                        work.resolve("upstream.log"));
                BenchProcess gateway = BenchProcess.start(
                        "gateway",
                        gatewayCommand(java, options.gatewayJar(), javaOptions, options.auth()),
                        gatewayEnv(upstream.url(), database, work, adminKey, options.tracing()),
                        work.resolve("gateway.log"))) {
            progress(
                    "mock upstream %s (pid %d), gateway %s (pid %d), gateway JVM options: %s",
                    upstream.url(), upstream.pid(), gateway.url(), gateway.pid(), String.join(" ", javaOptions));
            String apiKey = options.auth() ? BenchKey.create(gateway.url(), adminKey) : null;
            if (apiKey != null) {
                progress(
                        "virtual API key %s… created; every request through the gateway sends it",
                        apiKey.substring(0, 8));
            }
            ServerBench bench = new ServerBench(options, upstream, gateway, database, apiKey);
            ServerReport report = bench.run();
            System.out.println(report.markdown(machine.withLoadAtEnd()));
            System.out.println("Gateway JVM options: `" + String.join(" ", javaOptions) + "`\n");
            System.out.println(bench.extra);
        }
    }

    private ServerReport run() throws Exception {
        int warmRate = Math.min(
                1000, options.rates().stream().mapToInt(Integer::intValue).max().orElse(1000));
        int warmSeconds = options.initialWarmupSeconds();
        progress("warm-up: %d requests/s for %d s to each target (JIT, connection pools)", warmRate, warmSeconds);
        direct.run(warmRate, warmSeconds / 2.0);
        direct.close();
        viaGateway.run(warmRate, warmSeconds);
        viaGateway.close();
        int stepsMark = SafepointLog.mark(safepoints);
        List<StepResult> steps = new ArrayList<>();
        for (int rate : options.rates()) {
            StepResult step = step(rate);
            steps.add(step);
            progress(
                    "%5d/s: gateway p50 %.2f p99 %.2f ms (achieved %.0f/s, %d errors, %d timeouts), "
                            + "direct p99 %.2f ms, in-gateway p99 %.3f ms, %.0f µs CPU/request",
                    rate,
                    step.gateway().millis(50),
                    step.gateway().millis(99),
                    step.gateway().achievedRate(),
                    step.gateway().errors(),
                    step.gateway().timeouts(),
                    step.direct().millis(99),
                    step.overhead().quantile(0.99) * 1e3,
                    step.gatewayCpuMicros());
            if (step.gateway().firstError() != null) {
                progress("%5d/s: first gateway error: %s", rate, step.gateway().firstError());
            }
        }
        extra.append("Stop-the-world pauses of the gateway during the steps (direct runs included, warm-up not):\n\n")
                .append(SafepointLog.summary(safepoints, stepsMark))
                .append('\n');
        if (options.closedLoop() > 0) {
            closedLoop(options.closedLoop());
        }
        SoakResult soak = options.soakMinutes() > 0 ? soak() : null;
        if (options.idleSeconds() > 0) {
            idle(options.idleSeconds());
        }
        long answered = MetricsSnapshot.scrape(gateway.url()).ok();
        long[] stored = options.tracing() ? awaitTraces(answered) : new long[] {0, 0};
        return new ServerReport(options, steps, soak, answered, stored[0], stored[1], database);
    }

    private StepResult step(int rate) throws Exception {
        double seconds = options.stepSeconds();
        direct.run(rate, options.warmupSeconds());
        long upstreamCpu = upstream.cpuNanos();
        LoadResult directRun = direct.run(rate, seconds);
        upstreamCpu = upstream.cpuNanos() - upstreamCpu;
        direct.close();

        viaGateway.run(rate, options.warmupSeconds());
        MetricsSnapshot before = MetricsSnapshot.scrape(gateway.url());
        Map<String, long[]> threadsBefore = ThreadCpu.snapshot(gateway.pid());
        long gatewayCpu = gateway.cpuNanos();
        long generatorCpu = BenchProcess.cpuNanos(ProcessHandle.current().pid());
        LoadResult gatewayRun = viaGateway.run(rate, seconds);
        generatorCpu = BenchProcess.cpuNanos(ProcessHandle.current().pid()) - generatorCpu;
        gatewayCpu = gateway.cpuNanos() - gatewayCpu;
        Map<String, long[]> threadsAfter = ThreadCpu.snapshot(gateway.pid());
        MetricsSnapshot after = MetricsSnapshot.scrape(gateway.url());
        viaGateway.close();
        long served = after.ok() - before.ok();
        Map<String, Double> byThread = new LinkedHashMap<>();
        ThreadCpu.between(threadsBefore, threadsAfter, gatewayCpu, BenchProcess.NANOS_PER_TICK)
                .forEach((group, nanos) -> byThread.put(group, micros(nanos, served)));
        return new StepResult(
                directRun,
                gatewayRun,
                after.overheadSince(before),
                micros(gatewayCpu, served),
                micros(upstreamCpu, directRun.ok()),
                micros(generatorCpu, gatewayRun.sent()),
                after.heapUsed(),
                gateway.residentBytes(),
                TraceCount.count(database),
                after.ok(),
                byThread);
    }

    /** {@code clients} closed-loop clients through the gateway for a step's length: latency, rate, pauses, RSS. */
    private void closedLoop(int clients) throws Exception {
        progress("closed loop: %d clients through the gateway for %d s", clients, options.stepSeconds());
        viaGateway.closed(clients, options.warmupSeconds());
        int mark = SafepointLog.mark(safepoints);
        long cpu = gateway.cpuNanos();
        LoadResult r = viaGateway.closed(clients, options.stepSeconds());
        cpu = gateway.cpuNanos() - cpu;
        long rss = gateway.residentBytes();
        viaGateway.close();
        extra.append(String.format(
                        java.util.Locale.ROOT,
                        "Closed loop, %d clients through the gateway, %d s: %d answered (%.0f/s), %d errors, %d timeouts; "
                                + "latency p50 / p99 / p99.9 / max %.3f / %.3f / %.3f / %.3f ms; gateway CPU %.0f µs "
                                + "per request; RSS %.0f MiB at the end. Its pauses:%n%n",
                        clients,
                        options.stepSeconds(),
                        r.ok(),
                        r.achievedRate(),
                        r.errors(),
                        r.timeouts(),
                        r.millis(50),
                        r.millis(99),
                        r.millis(99.9),
                        r.millis(100),
                        r.ok() == 0 ? Double.NaN : cpu / 1e3 / r.ok(),
                        rss / 1048576.0))
                .append(SafepointLog.summary(safepoints, mark))
                .append('\n');
        progress("closed loop: p99 %.3f ms, max %.3f ms, %.0f/s", r.millis(99), r.millis(100), r.achievedRate());
    }

    /** Leaves the gateway idle for {@code seconds}, sampling heap and RSS every 10 s: is memory given back? */
    private void idle(int seconds) throws Exception {
        progress("idle: %d s with no requests, memory sampled every 10 s", seconds);
        extra.append(
                "Idle after the load (no requests):\n\n| seconds idle | heap used (MiB) | RSS (MiB) |\n| ---: | ---: | ---: |\n");
        long start = System.nanoTime();
        for (int t = 0; t <= seconds; t += 10) {
            long due = start + t * 1_000_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000); // nothing to be notified by: the gateway is left alone on purpose
            }
            MetricsSnapshot now = MetricsSnapshot.scrape(gateway.url());
            extra.append(String.format(
                    java.util.Locale.ROOT,
                    "| %d | %.0f | %.0f |%n",
                    t,
                    now.heapUsed() / 1048576.0,
                    gateway.residentBytes() / 1048576.0));
        }
        extra.append('\n');
    }

    private SoakResult soak() throws Exception {
        progress(
                "soak: %d requests/s and %d streams/s through the gateway for %d min, the gateway sampled every 10 s",
                options.soakRate(), options.soakStreamRate(), options.soakMinutes());
        List<SoakResult.Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        MetricsSnapshot before = MetricsSnapshot.scrape(gateway.url());
        long cpu = gateway.cpuNanos();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> {
                    try {
                        samples.add(sample(start));
                        if (samples.size() % 6 == 0) {
                            SoakResult.Sample s = samples.getLast();
                            progress(
                                    "soak %4.0f s: heap %.0f MiB, RSS %.0f MiB, %d threads, %d descriptors, "
                                            + "%d client / %d upstream connections",
                                    s.seconds(),
                                    s.heapUsed() / 1048576.0,
                                    s.resident() / 1048576.0,
                                    s.threads(),
                                    s.openFiles(),
                                    s.clientConnections(),
                                    s.upstreamConnections());
                        }
                    } catch (IOException | RuntimeException e) {
                        progress("soak sample failed: %s", e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                0,
                10,
                TimeUnit.SECONDS);
        double seconds = options.soakMinutes() * 60.0;
        LoadResult load;
        StreamLoad.Result streamed = null;
        try (StreamLoad streams = new StreamLoad("gateway", gateway.url(), MODEL, apiKey, options.timeoutMillis())) {
            java.util.concurrent.FutureTask<StreamLoad.Result> streaming =
                    new java.util.concurrent.FutureTask<>(() -> streams.open(options.soakStreamRate(), seconds));
            if (options.soakStreamRate() > 0) {
                Thread.ofVirtual().name("soak-streams").start(streaming);
            }
            load = viaGateway.run(options.soakRate(), seconds);
            if (options.soakStreamRate() > 0) {
                streamed = streaming.get();
            }
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
        samples.add(sample(start)); // the end of the last minute
        cpu = gateway.cpuNanos() - cpu;
        MetricsSnapshot after = MetricsSnapshot.scrape(gateway.url());
        viaGateway.close();
        return new SoakResult(
                load,
                streamed,
                after.overheadSince(before),
                micros(cpu, after.ok() - before.ok()),
                List.copyOf(samples));
    }

    /** The gateway process now: memory, CPU, requests answered, threads, descriptors, connections. */
    private SoakResult.Sample sample(long start) throws IOException, InterruptedException {
        double t = (System.nanoTime() - start) / 1e9;
        MetricsSnapshot now = MetricsSnapshot.scrape(gateway.url());
        long[] connections =
                gateway.connections(java.net.URI.create(gateway.url()).getPort());
        return new SoakResult.Sample(
                t,
                now.heapUsed(),
                gateway.residentBytes(),
                gateway.cpuNanos(),
                now.ok(),
                gateway.threads(),
                gateway.openFiles(),
                connections[0],
                connections[1]);
    }

    /**
     * Waits (up to a minute) for the store to hold a trace for every answered request: the writer's backlog, and its
     * last batch (gathered for up to its flush interval). Returns {stored, stored with a cost}.
     */
    private long[] awaitTraces(long answered) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        long stored = TraceCount.count(database);
        while (stored < answered && System.nanoTime() < deadline) {
            Thread.sleep(500); // polling another process's database: there is nothing to be notified by
            stored = TraceCount.count(database);
        }
        return new long[] {stored, TraceCount.priced(database)};
    }

    private LoadGenerator generator(String name, String baseUrl, String model, String apiKey) {
        return LoadGenerator.chat(name, baseUrl, model, apiKey, options.maxConnections(), options.timeoutMillis());
    }

    /** The chat completion request every run sends: a system and a user message, as a small real app would. */
    static String body(String model) {
        return "{\"model\":\"" + model + "\"," + PROMPT;
    }

    /**
     * {@code mlflowlite serve} on a free port from {@code jar}, {@code /metrics} open; with {@code --keys} when
     * {@code auth}.
     */
    static List<String> gatewayCommand(String java, Path jar, List<String> javaOptions, boolean auth) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(javaOptions);
        // the bench reads /metrics between runs (the port is the machine's own, bound to loopback)
        command.addAll(List.of("-jar", jar.toString(), "serve", "--port", "0", "--public-metrics"));
        if (auth) {
            command.add("--keys"); // kept in the trace store's SQLite file, as with a default serve --keys
        }
        return command;
    }

    /**
     * The user's environment minus mlflowlite's, MLflow's and OpenTelemetry's settings (an OTLP exporter or a
     * PostgreSQL store configured there would change what is measured), plus the bench's.
     */
    static Map<String, String> gatewayEnv(
            String upstreamUrl, Path database, Path work, String adminKey, boolean tracing) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("MLFLOWLITE_") || k.startsWith("MLFLOW_") || k.startsWith("OTEL_"));
        env.put("OPENAI_BASE_URL", upstreamUrl + "/v1");
        env.put("OPENAI_API_KEY", "sk-bench-not-a-real-key");
        env.put("MLFLOWLITE_TRACING", tracing ? "on" : "off");
        env.put("MLFLOWLITE_STORE", "jdbc:sqlite:" + database);
        env.put("MLFLOWLITE_SPILL_DIR", work.resolve("spill").toString());
        env.put("MLFLOWLITE_ADMIN_KEY", adminKey);
        return env;
    }

    private static double micros(long nanos, long requests) {
        return requests == 0 ? Double.NaN : nanos / 1e3 / requests;
    }

    static void progress(String format, Object... args) {
        System.err.printf("[bench] " + format + "%n", args);
    }
}
