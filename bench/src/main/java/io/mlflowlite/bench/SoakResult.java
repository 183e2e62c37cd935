package io.mlflowlite.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A long run at one rate through the gateway, streams mixed in or not, with the gateway process sampled every few
 * seconds.
 *
 * @param load             the run of plain chat completions
 * @param streams          the streamed completions sent alongside, or null when none were
 * @param overhead         the gateway's overhead histogram over the run
 * @param gatewayCpuMicros gateway CPU per request answered (streams included), µs
 * @param samples          every sample, in order
 */
record SoakResult(
        LoadResult load,
        StreamLoad.Result streams,
        OverheadDelta overhead,
        double gatewayCpuMicros,
        List<Sample> samples) {

    /**
     * The gateway process at one moment.
     *
     * @param seconds             since the soak started
     * @param heapUsed            {@code jvm_memory_used_bytes{area="heap"}}, bytes
     * @param resident            RSS, bytes
     * @param cpuNanos            the process's CPU time so far
     * @param answered            chat completions answered 200 so far (streams included)
     * @param threads             the process's (platform) threads
     * @param openFiles           its open file descriptors
     * @param clientConnections   established TCP connections accepted from clients
     * @param upstreamConnections established TCP connections it opened (to the upstream)
     */
    record Sample(
            double seconds,
            long heapUsed,
            long resident,
            long cpuNanos,
            long answered,
            long threads,
            long openFiles,
            long clientConnections,
            long upstreamConnections) {

        /** Descriptors that are no TCP connection (files, the listener, pipes): what a descriptor leak grows. */
        long otherDescriptors() {
            return openFiles - clientConnections - upstreamConnections;
        }
    }

    Trend trend(ToDoubleFunction<Sample> value) {
        return Trend.of(samples.stream()
                .map(s -> new double[] {s.seconds(), value.applyAsDouble(s)})
                .toList());
    }
}
