package io.mlflowlite.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options of {@code bench/run server}.
 *
 * @param rates             arrival rates to step through, requests/s
 * @param stepSeconds       measured seconds per rate and target
 * @param warmupSeconds     unmeasured seconds at the same rate before each measured run
 * @param initialWarmupSeconds unmeasured seconds at up to 1,000 requests/s to each target before the first step, so
 *                          the JIT has compiled the request path before anything is measured
 * @param soakMinutes       length of the soak at {@code soakRate} through the gateway; 0 skips it
 * @param soakRate          the soak's arrival rate
 * @param soakStreamRate    streamed completions per second sent through the gateway alongside the soak (0: none)
 * @param gatewayJar        the runnable jar whose {@code serve} command is measured
 * @param gatewayJavaOptions JVM options for the gateway process (by default what {@code ./mlflowlite serve} starts
 *                          with, from {@code BENCH_GATEWAY_JAVA_OPTS}, which bench/run sets)
 * @param maxConnections    the generator's connection cap per target
 * @param timeoutMillis     a request with no answer this long after its intended send time is a timeout
 * @param auth              whether the gateway requires a virtual API key ({@code serve --keys}); the bench then
 *                          creates one through the admin API and sends it on every request through the gateway
 * @param tracing           whether the gateway traces every call into its SQLite store (off only to measure what
 *                          tracing costs; the report's targets are for tracing on)
 * @param closedLoop        clients of a closed-loop run through the gateway after the steps (0: none): the
 *                          gateway's own tail at the rate it sustains
 * @param idleSeconds       after everything, how long to leave the gateway idle while sampling its memory (0: not)
 */
record ServerBenchOptions(
        List<Integer> rates,
        int stepSeconds,
        int warmupSeconds,
        int initialWarmupSeconds,
        int soakMinutes,
        int soakRate,
        int soakStreamRate,
        Path gatewayJar,
        List<String> gatewayJavaOptions,
        int maxConnections,
        int timeoutMillis,
        boolean auth,
        boolean tracing,
        int closedLoop,
        int idleSeconds) {

    static final String USAGE = """
            usage: bench/run server [--rates 500,1000,1500,2000,3000] [--step-seconds 30] [--warmup-seconds 5]
                                    [--initial-warmup-seconds 60] [--soak-minutes 20] [--soak-rate 1000]
                                    [--soak-stream-rate 0]
                                    [--gateway-jar cli/target/mlflowlite.jar] [--gateway-java-opts "-Xmx512m ..."]
                                    [--connections 1000] [--timeout-ms 10000] [--auth on|off]
                                    [--tracing on|off] [--closed-loop 4] [--idle-seconds 0]
            The gateway runs with the JVM options mlflowlite serve starts with (bench/run passes the launcher's in
            BENCH_GATEWAY_JAVA_OPTS) unless --gateway-java-opts replaces them; its safepoint pauses are logged.
            --soak-stream-rate N mixes N streamed completions a second into the soak (the mock streams them as in
            bench/run stream); the soak samples the gateway's heap, RSS, threads, descriptors and connections.""";

    static ServerBenchOptions parse(String[] args) {
        List<Integer> rates = List.of(500, 1000, 1500, 2000, 3000);
        int step = 30;
        int warmup = 5;
        int initialWarmup = 60;
        int soakMinutes = 20;
        int soakRate = 1000;
        int soakStreamRate = 0;
        Path jar = Path.of("cli", "target", "mlflowlite.jar");
        String defaults = System.getenv("BENCH_GATEWAY_JAVA_OPTS");
        List<String> javaOptions = defaults == null || defaults.isBlank()
                ? List.of()
                : new ArrayList<>(Arrays.asList(defaults.strip().split("\\s+")));
        int closedLoop = 4;
        int idleSeconds = 0;
        int connections = 1000;
        int timeout = 10_000;
        boolean auth = true;
        boolean tracing = true;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
            }
            switch (args[i++]) {
                case "--rates" ->
                    rates = Arrays.stream(value.split(","))
                            .map(String::strip)
                            .map(Integer::valueOf)
                            .toList();
                case "--step-seconds" -> step = Integer.parseInt(value);
                case "--warmup-seconds" -> warmup = Integer.parseInt(value);
                case "--initial-warmup-seconds" -> initialWarmup = Integer.parseInt(value);
                case "--soak-minutes" -> soakMinutes = Integer.parseInt(value);
                case "--soak-rate" -> soakRate = Integer.parseInt(value);
                case "--soak-stream-rate" -> soakStreamRate = Integer.parseInt(value);
                case "--gateway-jar" -> jar = Path.of(value);
                case "--gateway-java-opts" ->
                    javaOptions = value.isBlank()
                            ? List.of()
                            : new ArrayList<>(Arrays.asList(value.strip().split("\\s+")));
                case "--connections" -> connections = Integer.parseInt(value);
                case "--timeout-ms" -> timeout = Integer.parseInt(value);
                case "--auth" -> auth = onOff("--auth", value);
                case "--tracing" -> tracing = onOff("--tracing", value);
                case "--closed-loop" -> closedLoop = Integer.parseInt(value);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "\n" + USAGE);
            }
        }
        return new ServerBenchOptions(
                rates,
                step,
                warmup,
                initialWarmup,
                soakMinutes,
                soakRate,
                soakStreamRate,
                jar,
                javaOptions,
                connections,
                timeout,
                auth,
                tracing,
                closedLoop,
                idleSeconds);
    }

    private static boolean onOff(String option, String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(option + " is on or off\n" + USAGE);
        };
    }
}
