package io.mlflowlite.bench;

import java.util.Arrays;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Entry point of {@code bench/run}: {@code callpath} (JMH), {@code ingestion}, {@code server}, {@code floor},
 * {@code mock}, {@code load} or {@code experiments}.
 */
public final class Main {
    private Main() {}

    /**
     * {@code callpath [JMH options, e.g. -p mode=memory]}, {@code ingestion [traces] [store URLs…]},
     * {@code ingestion calls [options]} (what recording a trace costs a {@code Gateway.completion} call, writer
     * included: CPU and allocation per call, traces/s, spills; see {@link TraceCost}), {@code ingestion store
     * [traces] [batch] [url]} (the store's own cost per trace as it grows),
     * {@code server [options]} (the gateway server under load; {@code server --help} lists the options),
     * {@code floor [options]} (what a proxied request costs, layer by layer: mock, event loop, bare web server,
     * gateway) or
     * {@code stream [options]} (what the gateway adds to a streamed answer's first token and events; {@code stream
     * --help}),
     * {@code mock [port]} (the bench's mock upstream on its own) or {@code load URL RATE SECONDS [MODEL]} (one
     * open-loop run of chat completions against any OpenAI-compatible server, such as the mock, to measure it) or
     * {@code experiments [--quick] [--seed N]} (the experiments simulation suite) or
     * {@code route [options]} (smart routing on held-out simulated rows against its baselines) or
     * {@code ui [traces] [requests]} (the web UI's page times over a store of 100,000 traces) or
     * {@code optimize [options]} (the prompt optimizers on held-out simulated rows against the documented best).
     */
    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "callpath";
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (which) {
            case "callpath" ->
                new Runner(new OptionsBuilder()
                                .parent(new CommandLineOptions(rest))
                                .include(CallPathBenchmark.class.getSimpleName())
                                .build())
                        .run();
            case "ingestion" -> TraceIngestion.main(rest);
            case "server" -> {
                if (Arrays.asList(rest).contains("--help")) {
                    System.out.println(ServerBenchOptions.USAGE);
                    return;
                }
                ServerBench.main(rest);
            }
            case "floor" -> FloorBench.main(rest);
            case "stream" -> StreamBench.main(rest);
            case "mock" -> MockUpstream.main(rest);
            case "load" -> load(rest);
            case "experiments" -> ExperimentsBench.run(rest);
            case "route" -> RouteBench.main(rest);
            case "ui" -> UiBench.main(rest);
            case "optimize" -> OptimizeBench.run(rest);
            default -> {
                System.err.println(
                        "usage: bench/run callpath|ingestion|server|floor|stream|mock|load|experiments|route|ui|optimize");
                System.exit(2);
            }
        }
    }

    private static void load(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: bench/run load URL RATE SECONDS [MODEL]"
                    + "   e.g. bench/run load http://127.0.0.1:4000 1000 30");
            System.exit(2);
        }
        String model = args.length > 3 ? args[3] : ServerBench.MODEL;
        try (LoadGenerator generator = LoadGenerator.chat("load", args[0], model, null, 1000, 10_000)) {
            LoadResult r = generator.run(Double.parseDouble(args[1]), Double.parseDouble(args[2]));
            System.out.printf(
                    java.util.Locale.ROOT,
                    "sent %d, ok %d, errors %d, timeouts %d, achieved %.0f/s; "
                            + "latency p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f ms; send lag p99 %.3f ms%s%n",
                    r.sent(),
                    r.ok(),
                    r.errors(),
                    r.timeouts(),
                    r.achievedRate(),
                    r.millis(50),
                    r.millis(90),
                    r.millis(99),
                    r.millis(99.9),
                    r.millis(100),
                    r.sendLag().getValueAtPercentile(99) / 1e6,
                    r.firstError() == null ? "" : "; first error: " + r.firstError());
        }
    }
}
