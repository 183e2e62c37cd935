package io.mlflowlite.provider.mock;

import java.time.Duration;

/**
 * The sampled timing and fault of one simulated call, latency scale applied.
 *
 * @param fault         the injected failure, or {@link Fault#NONE}
 * @param ttftNanos     time to first token
 * @param nanosPerToken output pacing after the first token
 * @param retryAfter    the Retry-After of a 429
 */
record Timing(Fault fault, long ttftNanos, long nanosPerToken, Duration retryAfter) {
    /** z of the 95th percentile of the standard normal. */
    private static final double Z95 = 1.6448536269514722;

    /** What can go wrong before the first token. */
    enum Fault {
        NONE,
        RATE_LIMITED,
        SERVER_ERROR,
        TIMEOUT
    }

    /**
     * Draws the fault, then the time to first token from a log-normal with the spec's median and p95
     * (never below its floor), from {@code seed} alone.
     */
    static Timing sample(MockModelSpec spec, long seed) {
        Rng rng = new Rng(seed);
        double u = rng.nextDouble();
        Fault fault = u < spec.rate429()
                ? Fault.RATE_LIMITED
                : u < spec.rate429() + spec.rate500()
                        ? Fault.SERVER_ERROR
                        : u < spec.failureRate() ? Fault.TIMEOUT : Fault.NONE;
        double median = spec.ttftMedian().toNanos();
        double ttft = 0;
        if (median > 0) {
            double sigma = Math.log(spec.ttftP95().toNanos() / median) / Z95;
            ttft = median * Math.exp(sigma * rng.nextGaussian());
        }
        double scale = spec.latencyScale();
        ttft = Math.max(ttft, spec.ttftFloor().toNanos()) * scale;
        long perToken = Math.round(1e9 / spec.tokensPerSecond() * scale);
        Duration retryAfter = Duration.ofNanos(Math.round(spec.retryAfter().toNanos() * scale));
        return new Timing(fault, Math.round(ttft), perToken, retryAfter);
    }

    /** This timing with the time to first token multiplied by {@code factor} (a model thinking longer on a task). */
    Timing withTtftFactor(double factor) {
        return factor == 1.0 ? this : new Timing(fault, Math.round(ttftNanos * factor), nanosPerToken, retryAfter);
    }

    /** How long producing {@code tokens} output tokens takes after the first one arrives. */
    long generationNanos(int tokens) {
        return tokens * nanosPerToken;
    }
}
