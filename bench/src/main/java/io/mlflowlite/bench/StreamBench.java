package io.mlflowlite.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run stream}: what the gateway adds to a streamed completion. Starts a {@link MockUpstream} that
 * streams (first event after {@code --first-chunk-ms}, then one every {@code --chunk-interval-ms}) and an
 * {@code mlflowlite serve} in front of it (as {@link ServerBench} does: tracing into SQLite, a virtual key on every
 * request unless {@code --auth off}), then streams the same answers straight from the mock and through the
 * gateway: closed-loop at each {@code --concurrency}, open-loop at each {@code --rates}. Reports the time to the
 * first event (first token), to the response head, between events, and to the end, and what the gateway added.
 * Prints markdown on stdout; progress on stderr.
 */
final class StreamBench {
    static final String USAGE = """
            usage: bench/run stream [--concurrency 1,8] [--rates 100,1000] [--seconds 20] [--warmup-seconds 20]
                                    [--first-chunk-ms 20] [--chunk-interval-ms 5] [--chunks 10]
                                    [--gateway-jar cli/target/mlflowlite.jar] [--gateway-java-opts "..."]
                                    [--auth on|off] [--tracing on|off] [--timeout-ms 10000]""";
    private static final String PROMPT = "\"stream\":true,\"messages\":[{\"role\":\"system\",\"content\":\"You are a "
            + "helpful assistant. Answer in one short sentence.\"},{\"role\":\"user\",\"content\":\"What is the "
            + "capital of France?\"}],\"max_tokens\":64,\"temperature\":0.2}";

    private StreamBench() {}

    static String body(String model) {
        return "{\"model\":\"" + model + "\"," + PROMPT;
    }

    static void main(String[] args) throws Exception {
        List<Integer> concurrency = List.of(1, 8);
        List<Integer> rates = List.of(100, 1000);
        double seconds = 20;
        double warmup = 20;
        long first = 20;
        long interval = 5;
        int chunks = 10;
        Path jar = Path.of("cli", "target", "mlflowlite.jar");
        String defaults = System.getenv("BENCH_GATEWAY_JAVA_OPTS"); // what ./mlflowlite serve starts with
        List<String> javaOptions = defaults == null || defaults.isBlank()
                ? List.of()
                : Arrays.asList(defaults.strip().split("\\s+"));
        boolean auth = true;
        boolean tracing = true;
        int timeout = 10_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help")) {
                System.out.println(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
            }
            String value = args[i + 1];
            switch (args[i++]) {
                case "--concurrency" -> concurrency = ints(value);
                case "--rates" -> rates = ints(value);
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--warmup-seconds" -> warmup = Double.parseDouble(value);
                case "--first-chunk-ms" -> first = Long.parseLong(value);
                case "--chunk-interval-ms" -> interval = Long.parseLong(value);
                case "--chunks" -> chunks = Integer.parseInt(value);
                case "--gateway-jar" -> jar = Path.of(value);
                case "--gateway-java-opts" ->
                    javaOptions = value.isBlank()
                            ? List.of()
                            : Arrays.asList(value.strip().split("\\s+"));
                case "--auth" -> auth = value.equals("on");
                case "--tracing" -> tracing = value.equals("on");
                case "--timeout-ms" -> timeout = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "\n" + USAGE);
            }
        }
        MockUpstream.Streaming pacing =
                new MockUpstream.Streaming(Duration.ofMillis(first), Duration.ofMillis(interval), chunks);
        Path work = Files.createTempDirectory("mlflowlite-bench-stream");
        String java = ProcessHandle.current().info().command().orElse("java");
        String adminKey = "bench-admin-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Machine machine = Machine.describe();
        ServerBench.progress("work directory %s (process logs, trace store)", work);
        List<String> mockCommand = new ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), MockUpstream.class.getName()));
        mockCommand.addAll(pacing.args());
        try (BenchProcess upstream = BenchProcess.start(
                        "mock upstream", mockCommand, System.getenv(), work.resolve("upstream.log"));
                BenchProcess gateway = BenchProcess.start(
                        "gateway",
                        ServerBench.gatewayCommand(java, jar, javaOptions, auth),
                        ServerBench.gatewayEnv(upstream.url(), work.resolve("traces.db"), work, adminKey, tracing),
                        work.resolve("gateway.log"))) {
            ServerBench.progress(
                    "mock upstream %s (pid %d), gateway %s (pid %d)",
                    upstream.url(), upstream.pid(), gateway.url(), gateway.pid());
            String apiKey = auth ? BenchKey.create(gateway.url(), adminKey) : null;
            try (StreamLoad direct = new StreamLoad("direct", upstream.url(), "gpt-4o-mini", null, timeout);
                    StreamLoad viaGateway =
                            new StreamLoad("gateway", gateway.url(), ServerBench.MODEL, apiKey, timeout)) {
                ServerBench.progress("warm-up: 200 streams/s for %.0f s to each target", warmup);
                direct.open(200, warmup / 2);
                viaGateway.open(200, warmup);
                List<Row> rows = new ArrayList<>();
                for (int c : concurrency) {
                    StreamLoad.Result d = direct.closed(c, seconds);
                    Cpu cpu = Cpu.start(gateway);
                    StreamLoad.Result g = viaGateway.closed(c, seconds);
                    rows.add(row(d, g, cpu.stop()));
                }
                for (int rate : rates) {
                    direct.open(rate, Math.min(5, seconds));
                    StreamLoad.Result d = direct.open(rate, seconds);
                    viaGateway.open(rate, Math.min(5, seconds));
                    Cpu cpu = Cpu.start(gateway);
                    StreamLoad.Result g = viaGateway.open(rate, seconds);
                    rows.add(row(d, g, cpu.stop()));
                }
                System.out.println(
                        markdown(machine.withLoadAtEnd(), pacing, javaOptions, auth, tracing, seconds, rows));
            }
        }
    }

    /** The gateway's CPU over one run: the process's and each kind of thread's ({@link ThreadCpu}). */
    private record Cpu(BenchProcess gateway, long processBefore, Map<String, long[]> threadsBefore) {
        static Cpu start(BenchProcess gateway) {
            return new Cpu(gateway, gateway.cpuNanos(), ThreadCpu.snapshot(gateway.pid()));
        }

        /** Nanoseconds of CPU by kind of thread since {@link #start}, the process's total under "". */
        Map<String, Long> stop() {
            long process = gateway.cpuNanos() - processBefore;
            Map<String, Long> byGroup = new LinkedHashMap<>();
            byGroup.put("", process);
            byGroup.putAll(ThreadCpu.between(
                    threadsBefore, ThreadCpu.snapshot(gateway.pid()), process, BenchProcess.NANOS_PER_TICK));
            return byGroup;
        }
    }

    /** One load's runs straight to the mock and through the gateway, with the gateway's CPU during its run. */
    private record Row(StreamLoad.Result direct, StreamLoad.Result gateway, Map<String, Long> gatewayCpu) {
        /** The gateway's CPU per stream it answered, in µs: the process's ("") or one kind of thread's. */
        double cpuPerStream(String group) {
            return gateway.ok() == 0 ? Double.NaN : gatewayCpu.getOrDefault(group, 0L) / 1e3 / gateway.ok();
        }
    }

    private static Row row(StreamLoad.Result direct, StreamLoad.Result gateway, Map<String, Long> gatewayCpu) {
        ServerBench.progress(
                "%s: first token p50/p99 direct %.2f/%.2f ms, gateway %.2f/%.2f ms; %d/%d streams ok (%s); "
                        + "gateway CPU %.0f µs per stream",
                gateway.load(),
                direct.millis(direct.firstToken(), 50),
                direct.millis(direct.firstToken(), 99),
                gateway.millis(gateway.firstToken(), 50),
                gateway.millis(gateway.firstToken(), 99),
                gateway.ok(),
                gateway.streams(),
                gateway.firstError() == null ? "no error" : gateway.firstError(),
                gateway.ok() == 0 ? Double.NaN : gatewayCpu.get("") / 1e3 / gateway.ok());
        return new Row(direct, gateway, gatewayCpu);
    }

    private static String markdown(
            Machine machine,
            MockUpstream.Streaming pacing,
            List<String> javaOptions,
            boolean auth,
            boolean tracing,
            double seconds,
            List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Machine: %d CPUs (%s), %.1f GiB, %s, %s; load average %s at the start, %s at the end.%n",
                machine.cpus(),
                machine.cpuModel(),
                machine.memoryKiB() / 1048576.0,
                machine.kernel(),
                machine.jdk(),
                machine.loadBefore(),
                machine.loadAfter()));
        out.append(String.format(
                Locale.ROOT,
                "Mock: first event after %d ms, then one every %d ms, %d content events + finish + usage + [DONE]. "
                        + "Gateway JVM options: %s; tracing %s, key check %s; %.0f s per row.%n%n",
                pacing.firstChunk().toMillis(),
                pacing.interval().toMillis(),
                pacing.chunks(),
                javaOptions.isEmpty() ? "(none)" : String.join(" ", javaOptions),
                tracing ? "on" : "off",
                auth ? "on" : "off",
                seconds));
        out.append("| load | streams ok direct / gateway | first token p50 / p99 / max direct (ms) "
                + "| first token p50 / p99 / max gateway (ms) | added p50 / p99 (ms) | head p99 direct / gateway (ms) "
                + "| between events p50 / p99 direct (ms) | between events p50 / p99 gateway (ms) "
                + "| whole stream p50 / p99 direct / gateway (ms) | errors | gateway CPU per stream (µs) |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row row : rows) {
            StreamLoad.Result d = row.direct();
            StreamLoad.Result g = row.gateway();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %d / %d | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f | %+.2f / %+.2f | %.2f / %.2f "
                            + "| %.2f / %.2f | %.2f / %.2f | %.1f / %.1f / %.1f / %.1f | %d / %d | %.0f |%n",
                    g.load(),
                    d.ok(),
                    g.ok(),
                    d.millis(d.firstToken(), 50),
                    d.millis(d.firstToken(), 99),
                    d.millis(d.firstToken(), 100),
                    g.millis(g.firstToken(), 50),
                    g.millis(g.firstToken(), 99),
                    g.millis(g.firstToken(), 100),
                    g.millis(g.firstToken(), 50) - d.millis(d.firstToken(), 50),
                    g.millis(g.firstToken(), 99) - d.millis(d.firstToken(), 99),
                    d.millis(d.head(), 99),
                    g.millis(g.head(), 99),
                    d.millis(d.gap(), 50),
                    d.millis(d.gap(), 99),
                    g.millis(g.gap(), 50),
                    g.millis(g.gap(), 99),
                    d.millis(d.whole(), 50),
                    d.millis(d.whole(), 99),
                    g.millis(g.whole(), 50),
                    g.millis(g.whole(), 99),
                    d.errors(),
                    g.errors(),
                    row.cpuPerStream("")));
        }
        out.append("\nGateway CPU per stream answered (µs), by kind of thread:\n\n| threads |");
        rows.forEach(row -> out.append(' ').append(row.gateway().load()).append(" |"));
        out.append("\n| --- |");
        rows.forEach(row -> out.append(" ---: |"));
        java.util.Set<String> groups = new java.util.LinkedHashSet<>();
        rows.forEach(row -> groups.addAll(row.gatewayCpu().keySet()));
        groups.remove("");
        groups.add(""); // the whole process last
        for (String group : groups) {
            out.append("\n| ")
                    .append(group.isEmpty() ? "**whole process**" : group)
                    .append(" |");
            for (Row row : rows) {
                out.append(String.format(Locale.ROOT, " %.0f |", row.cpuPerStream(group)));
            }
        }
        out.append('\n');
        for (Row row : rows) {
            for (StreamLoad.Result r : List.of(row.direct(), row.gateway())) {
                if (r.firstError() != null) {
                    out.append("\n")
                            .append(r.target())
                            .append(" ")
                            .append(r.load())
                            .append(": first error ")
                            .append(r.firstError());
                }
            }
        }
        return out.toString();
    }

    private static List<Integer> ints(String value) {
        return value.isBlank()
                ? List.of()
                : Arrays.stream(value.split(","))
                        .map(String::strip)
                        .map(Integer::valueOf)
                        .toList();
    }
}
