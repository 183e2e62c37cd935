package io.mlflowlite.bench;

import java.util.Map;

/**
 * One rate step of the server bench: the same arrival rate sent straight to the mock upstream and through the
 * gateway, with what the gateway itself reported and used over its measured run.
 *
 * @param direct            the run against the mock upstream
 * @param gateway           the run through the gateway
 * @param overhead          the gateway's overhead histogram over its measured run
 * @param gatewayCpuMicros  gateway process CPU (user + system) per request it answered, µs
 * @param upstreamCpuMicros mock upstream CPU per request during the direct run, µs
 * @param generatorCpuMicros the load generator's own CPU per request during the gateway run, µs
 * @param heapBytes         gateway heap in use at the end of the step
 * @param residentBytes     gateway resident set at the end of the step
 * @param tracesStored      traces in the gateway's SQLite store at the end of the step
 * @param answered          chat requests the gateway had answered with 200 by then (warm-ups included)
 * @param cpuByThread       gateway CPU per request answered by kind of thread ({@link ThreadCpu}), µs
 */
record StepResult(
        LoadResult direct,
        LoadResult gateway,
        OverheadDelta overhead,
        double gatewayCpuMicros,
        double upstreamCpuMicros,
        double generatorCpuMicros,
        long heapBytes,
        long residentBytes,
        long tracesStored,
        long answered,
        Map<String, Double> cpuByThread) {

    /** Sustained: at least 99 % of the rate answered, p99 under 10 ms end to end, not one error or timeout. */
    boolean sustained() {
        return gateway.achievedRate() >= 0.99 * gateway.rate() && gateway.millis(99) < 10 && gateway.clean();
    }
}
