package io.mlflowlite.bench;

import org.HdrHistogram.Histogram;

/**
 * What one open-loop run saw. Latencies are in nanoseconds, measured from each request's <em>intended</em> send
 * time, so time a request spent queued behind a slow server (or a busy generator) is counted.
 *
 * @param target      what was measured ({@code gateway}, {@code direct})
 * @param rate        the arrival rate asked for, requests/s
 * @param seconds     the length of the schedule
 * @param sent        requests scheduled (and started)
 * @param ok          answered with 200
 * @param errors      another status, or a connection failure
 * @param timeouts    no answer within the timeout (from the intended send time)
 * @param drainNanos  from the first intended send to the last answer
 * @param latency     end-to-end latency of the 200s
 * @param sendLag     how late the generator started each request: large values mean the generator, not the
 *                    server, could not keep the schedule
 * @param firstError  the first error seen (a status or an exception), or null
 */
record LoadResult(
        String target,
        double rate,
        double seconds,
        long sent,
        long ok,
        long errors,
        long timeouts,
        long drainNanos,
        Histogram latency,
        Histogram sendLag,
        String firstError) {

    /** Answers per second: requests answered with 200 over the time from the first send to the last answer. */
    double achievedRate() {
        return drainNanos <= 0 ? 0 : ok * 1e9 / drainNanos;
    }

    /** The latency quantile {@code q} (0–100) in milliseconds. */
    double millis(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
    }

    boolean clean() {
        return errors == 0 && timeouts == 0;
    }
}
