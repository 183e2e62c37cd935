package io.mlflowlite.bench;

import java.util.List;

/**
 * A long run at one rate through the gateway, with its memory sampled every few seconds.
 *
 * @param load             the run
 * @param overhead         the gateway's overhead histogram over the run
 * @param gatewayCpuMicros gateway CPU per request answered, µs
 * @param samples          every sample: {seconds since the start, heap used bytes, resident bytes, gateway CPU
 *                         nanoseconds so far, requests answered so far}
 */
record SoakResult(LoadResult load, OverheadDelta overhead, double gatewayCpuMicros, List<double[]> samples) {

    Trend heap() {
        return Trend.of(samples.stream().map(s -> new double[] {s[0], s[1]}).toList());
    }

    Trend resident() {
        return Trend.of(samples.stream().map(s -> new double[] {s[0], s[2]}).toList());
    }
}
