package io.mlflowlite.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The server bench's results as markdown, ready for {@code docs/benchmarks.md}. */
record ServerReport(
        ServerBenchOptions options,
        List<StepResult> steps,
        SoakResult soak,
        long answered,
        long tracesStored,
        long tracesPriced,
        Path database) {
    private static final double MIB = 1 << 20;
    private static final double TARGET_OVERHEAD_SECONDS = 0.0005;

    String markdown(Machine machine) {
        StringBuilder md = new StringBuilder();
        line(md, "Run on %s with `%s`.", LocalDate.now(), command());
        line(md, "");
        line(
                md,
                "- Machine: %d CPUs (%s), %.1f GiB RAM, %s, JDK %s. The load generator, the mock upstream and the "
                        + "gateway are three processes sharing these CPUs. Load average (1/5/15 min) at the start %s, at the "
                        + "end %s.",
                machine.cpus(),
                machine.cpuModel(),
                machine.memoryKiB() / 1024.0 / 1024.0,
                machine.kernel(),
                machine.jdk(),
                machine.loadBefore(),
                machine.loadAfter());
        line(
                md,
                "- Gateway: `mlflowlite serve` from `%s`, JVM options %s; model `%s` through the OpenAI adapter to "
                        + "the mock upstream, priced from the price table; %s; %s.",
                options.gatewayJar(),
                options.gatewayJavaOptions().isEmpty()
                        ? "the defaults"
                        : "`" + String.join(" ", options.gatewayJavaOptions()) + "`",
                ServerBench.MODEL,
                options.tracing() ? "tracing on, into SQLite" : "**tracing off** (`--tracing off`)",
                options.auth()
                        ? "a virtual API key (created through the admin API, no limits) checked on every "
                                + "request (`serve --keys`)"
                        : "no API-key check (`--auth off`)");
        line(
                md,
                "- First %d s of warm-up through the gateway (half that straight to the mock). Then, for each "
                        + "rate: %d s warm-up, then %d s measured, straight to the mock upstream (direct) and then "
                        + "through the gateway. End-to-end latency counts from each request's intended send time (open "
                        + "loop). In-gateway time is the server's `mlflowlite_gateway_overhead_seconds` histogram over the "
                        + "measured run, interpolated inside its buckets (…, 100, 250, 500 µs, 1 ms, …); the share of "
                        + "requests ≤ 0.5 ms is exact. CPU is the gateway process's user + system time per request answered.",
                options.initialWarmupSeconds(),
                options.warmupSeconds(),
                options.stepSeconds());
        line(md, "");
        line(
                md,
                "| RPS | achieved direct / gateway | end-to-end p50 / p99 direct (ms) | end-to-end p50 / p99 gateway "
                        + "(ms) | in-gateway p50 / p99 (ms) | in-gateway ≤ 0.5 ms | gateway CPU per request (µs) | errors / "
                        + "timeouts | gateway heap / RSS (MiB) |");
        line(md, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (StepResult s : steps) {
            line(
                    md,
                    "| %d | %.0f / %.0f | %.2f / %.2f | %.2f / %.2f | %s / %s | %.2f %% | %.0f | %d / %d "
                            + "| %.0f / %.0f |",
                    (int) s.gateway().rate(),
                    s.direct().achievedRate(),
                    s.gateway().achievedRate(),
                    s.direct().millis(50),
                    s.direct().millis(99),
                    s.gateway().millis(50),
                    s.gateway().millis(99),
                    quantile(s.overhead(), 0.5),
                    quantile(s.overhead(), 0.99),
                    100 * s.overhead().shareAtMost(TARGET_OVERHEAD_SECONDS),
                    s.gatewayCpuMicros(),
                    s.gateway().errors() + s.direct().errors(),
                    s.gateway().timeouts() + s.direct().timeouts(),
                    s.heapBytes() / MIB,
                    s.residentBytes() / MIB);
        }
        line(md, "");
        line(
                md,
                "| RPS | p99.9 / max direct (ms) | p99.9 / max gateway (ms) | in-gateway mean (µs) | in-gateway p99 "
                        + "bucket (ms) | upstream CPU per request (µs) | generator CPU per request (µs) | generator send lag "
                        + "p99 (ms) | traces stored / answered |");
        line(md, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (StepResult s : steps) {
            double[] bucket = s.overhead().bucketOf(0.99);
            line(
                    md,
                    "| %d | %.2f / %.2f | %.2f / %.2f | %.0f | %s–%s | %.0f | %.0f | %.2f | %d / %d |",
                    (int) s.gateway().rate(),
                    s.direct().millis(99.9),
                    s.direct().millis(100),
                    s.gateway().millis(99.9),
                    s.gateway().millis(100),
                    s.overhead().meanSeconds() * 1e6,
                    ms(bucket[0]),
                    ms(bucket[1]),
                    s.upstreamCpuMicros(),
                    s.generatorCpuMicros(),
                    s.gateway().sendLag().getValueAtPercentile(99) / 1e6,
                    s.tracesStored(),
                    s.answered());
        }
        line(md, "");
        cpuByThread(md);
        line(md, "");
        List<StepResult> sustained =
                steps.stream().filter(StepResult::sustained).toList();
        line(
                md,
                "Max sustained rate (≥ 99 %% of the rate answered, gateway p99 < 10 ms, no error or timeout): %s.",
                sustained.isEmpty()
                        ? "none of the steps"
                        : (int) sustained.getLast().gateway().rate() + " requests/s");
        for (StepResult s : steps) {
            if (s.gateway().firstError() != null || s.direct().firstError() != null) {
                line(
                        md,
                        "At %d/s the first error was: %s.",
                        (int) s.gateway().rate(),
                        s.gateway().firstError() != null
                                ? "gateway: " + s.gateway().firstError()
                                : "direct: " + s.direct().firstError());
            }
        }
        if (soak != null) {
            soak(md);
        }
        if (options.tracing()) {
            line(md, "");
            line(
                    md,
                    "Traces: %d stored in SQLite (`%s`) for %d requests answered (%d of them with a cost above "
                            + "zero).",
                    tracesStored,
                    database,
                    answered,
                    tracesPriced);
        }
        return md.toString();
    }

    /** Gateway CPU per request by kind of thread, one column per rate. */
    private void cpuByThread(StringBuilder md) {
        java.util.Set<String> groups = new java.util.LinkedHashSet<>();
        steps.forEach(s -> groups.addAll(s.cpuByThread().keySet()));
        StringBuilder head = new StringBuilder("| gateway CPU per request (µs), by thread |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (StepResult s : steps) {
            head.append(' ').append((int) s.gateway().rate()).append("/s |");
            rule.append(" ---: |");
        }
        line(md, "%s", head);
        line(md, "%s", rule);
        List<String> ordered = groups.stream()
                .sorted(java.util.Comparator.comparingDouble(
                        (String g) -> -steps.getLast().cpuByThread().getOrDefault(g, 0.0)))
                .toList();
        for (String group : ordered) {
            if (steps.stream().allMatch(s -> s.cpuByThread().getOrDefault(group, 0.0) < 0.5)) {
                continue; // a thread group this gateway does not have (the JDK HttpClient's, unless chosen)
            }
            StringBuilder row = new StringBuilder("| " + group + " |");
            for (StepResult s : steps) {
                row.append(String.format(Locale.ROOT, " %.0f |", s.cpuByThread().getOrDefault(group, 0.0)));
            }
            line(md, "%s", row);
        }
        StringBuilder total = new StringBuilder("| **whole process** |");
        for (StepResult s : steps) {
            total.append(String.format(Locale.ROOT, " **%.0f** |", s.gatewayCpuMicros()));
        }
        line(md, "%s", total);
    }

    private void soak(StringBuilder md) {
        LoadResult load = soak.load();
        StreamLoad.Result streams = soak.streams();
        line(md, "");
        line(
                md,
                "Soak: %d requests/s%s through the gateway for %d min; the gateway process sampled every 10 s (heap "
                        + "from `/metrics`; RSS and threads from `/proc/<pid>/status`, descriptors from "
                        + "`/proc/<pid>/fd`, established TCP connections from its sockets in `/proc/<pid>/net/tcp*`).",
                (int) load.rate(),
                streams == null ? "" : " and " + options.soakStreamRate() + " streamed completions/s",
                options.soakMinutes());
        line(md, "");
        line(md, "| | first quarter mean | last quarter mean | change | least-squares slope per minute |");
        line(md, "| --- | ---: | ---: | ---: | ---: |");
        trend(md, "heap used (MiB)", soak.trend(s -> s.heapUsed() / MIB));
        trend(md, "RSS (MiB)", soak.trend(s -> s.resident() / MIB));
        trend(md, "threads", soak.trend(SoakResult.Sample::threads));
        trend(md, "open file descriptors", soak.trend(SoakResult.Sample::openFiles));
        trend(md, "descriptors besides connections", soak.trend(SoakResult.Sample::otherDescriptors));
        trend(md, "client connections", soak.trend(SoakResult.Sample::clientConnections));
        trend(md, "upstream connections", soak.trend(SoakResult.Sample::upstreamConnections));
        line(md, "");
        line(
                md,
                "Chat completions: end to end p50 / p99 / p99.9 / max %.2f / %.2f / %.2f / %.2f ms; achieved %.0f/s; "
                        + "%d errors, %d timeouts%s; in-gateway p50 / p99 %s / %s ms (%.2f %% ≤ 0.5 ms); gateway CPU "
                        + "%.0f µs per request (streams included).",
                load.millis(50),
                load.millis(99),
                load.millis(99.9),
                load.millis(100),
                load.achievedRate(),
                load.errors(),
                load.timeouts(),
                load.firstError() == null ? "" : " (first: " + load.firstError() + ")",
                quantile(soak.overhead(), 0.5),
                quantile(soak.overhead(), 0.99),
                100 * soak.overhead().shareAtMost(TARGET_OVERHEAD_SECONDS),
                soak.gatewayCpuMicros());
        if (streams != null) {
            line(
                    md,
                    "Streams: %d of %d complete, %d errors%s; first token p50 / p99 %.2f / %.2f ms, whole stream "
                            + "p50 / p99 %.2f / %.2f ms, %d events.",
                    streams.ok(),
                    streams.streams(),
                    streams.errors(),
                    streams.firstError() == null ? "" : " (first: " + streams.firstError() + ")",
                    streams.millis(streams.firstToken(), 50),
                    streams.millis(streams.firstToken(), 99),
                    streams.millis(streams.whole(), 50),
                    streams.millis(streams.whole(), 99),
                    streams.events());
        }
        line(md, "");
        line(
                md,
                "| minute | heap used (MiB) | RSS (MiB) | threads | open descriptors | connections client / upstream "
                        + "| descriptors besides connections | gateway CPU per request in the minute before (µs) |");
        line(md, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        int minute = 0;
        SoakResult.Sample previous = null;
        for (SoakResult.Sample sample : soak.samples()) {
            if (sample.seconds() >= minute * 60.0 - 5) {
                String cpu = previous == null || sample.answered() == previous.answered()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "%.0f",
                                (sample.cpuNanos() - previous.cpuNanos())
                                        / 1e3
                                        / (sample.answered() - previous.answered()));
                line(
                        md,
                        "| %d | %.0f | %.0f | %d | %d | %d / %d | %d | %s |",
                        minute,
                        sample.heapUsed() / MIB,
                        sample.resident() / MIB,
                        sample.threads(),
                        sample.openFiles(),
                        sample.clientConnections(),
                        sample.upstreamConnections(),
                        sample.otherDescriptors(),
                        cpu);
                previous = sample;
                minute++;
            }
        }
    }

    private static void trend(StringBuilder md, String name, Trend t) {
        line(
                md,
                "| %s | %.1f | %.1f | %+.1f %% | %+.2f |",
                name,
                t.firstQuarterMean(),
                t.lastQuarterMean(),
                100 * t.growth(),
                t.slopePerMinute());
    }

    private String command() {
        StringBuilder c = new StringBuilder("bench/run server --rates ");
        c.append(String.join(",", options.rates().stream().map(String::valueOf).toList()));
        c.append(" --step-seconds ").append(options.stepSeconds());
        c.append(" --warmup-seconds ").append(options.warmupSeconds());
        c.append(" --initial-warmup-seconds ").append(options.initialWarmupSeconds());
        c.append(" --soak-minutes ").append(options.soakMinutes());
        if (options.soakMinutes() > 0) {
            c.append(" --soak-rate ").append(options.soakRate());
            if (options.soakStreamRate() > 0) {
                c.append(" --soak-stream-rate ").append(options.soakStreamRate());
            }
        }
        if (!options.auth()) {
            c.append(" --auth off");
        }
        if (!options.tracing()) {
            c.append(" --tracing off");
        }
        c.append(" --closed-loop ").append(options.closedLoop());
        if (options.idleSeconds() > 0) {
            c.append(" --idle-seconds ").append(options.idleSeconds());
        }
        if (!options.gatewayJavaOptions().isEmpty()) {
            c.append(" --gateway-java-opts \"")
                    .append(String.join(" ", options.gatewayJavaOptions()))
                    .append('"');
        }
        return c.toString();
    }

    /** A quantile of the overhead histogram in milliseconds; past its last bucket it is only known to be more. */
    private static String quantile(OverheadDelta overhead, double q) {
        double seconds = overhead.quantile(q);
        return Double.isInfinite(seconds)
                ? "> " + ms(overhead.bounds()[overhead.bounds().length - 1])
                : String.format(Locale.ROOT, "%.3f", seconds * 1e3);
    }

    private static String ms(double seconds) {
        return Double.isInfinite(seconds)
                ? "∞"
                : java.math.BigDecimal.valueOf(seconds * 1e3)
                        .round(new java.math.MathContext(6))
                        .stripTrailingZeros()
                        .toPlainString();
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
