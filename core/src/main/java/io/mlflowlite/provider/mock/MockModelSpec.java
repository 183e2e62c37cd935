package io.mlflowlite.provider.mock;

import java.time.Duration;
import java.util.Objects;

/**
 * How one simulated model behaves: how fast it answers, how often it is right, and how often it fails.
 * Immutable and thread-safe; build with {@link #builder()}, copy with {@link #toBuilder()}.
 *
 * <p>Time to first token is log-normal with the given median and 95th percentile, never below the floor;
 * output then streams at {@code tokensPerSecond}. Every simulated wait is multiplied by {@code latencyScale}
 * (0 makes the model instant; tests and benchmarks use it). Faults are drawn once per call, before the
 * first token: a 429 with {@code retryAfter}, a retryable 500, or a stall that lasts the caller's whole wait
 * budget and ends in a timeout.
 *
 * @param description     one line saying what the model simulates, for listings
 * @param behavior        what it answers with
 * @param ttftMedian      median time to first token
 * @param ttftP95         95th percentile time to first token; at least the median
 * @param ttftFloor       the least time to first token
 * @param tokensPerSecond output speed after the first token; positive
 * @param accuracy        probability of answering a known question correctly, in [0, 1]
 * @param rate429         probability of a 429 rate-limit failure
 * @param retryAfter      the Retry-After a 429 carries (scaled by {@code latencyScale} too)
 * @param rate500         probability of a retryable HTTP 500
 * @param rateTimeout     probability of hanging: 5 s then a retryable 504, or an attempt timeout when the wait budget is shorter; the three rates sum to at most 1
 * @param maxOutputTokens the most tokens one choice may produce; a longer answer ends with {@code length}
 * @param latencyScale    multiplier of every simulated wait; 0 = instant, 1 = as specified
 */
public record MockModelSpec(
        String description,
        Behavior behavior,
        Duration ttftMedian,
        Duration ttftP95,
        Duration ttftFloor,
        double tokensPerSecond,
        double accuracy,
        double rate429,
        Duration retryAfter,
        double rate500,
        double rateTimeout,
        int maxOutputTokens,
        double latencyScale) {

    /** What a simulated model answers with. */
    public enum Behavior {
        /** Answers from the knowledge set with the model's accuracy; a generic simulated reply otherwise. */
        ANSWER,
        /** Repeats the last user message verbatim. */
        ECHO,
        /**
         * Rewrites a prompt from a reflection prompt's failing rows and feedback, with one edit of a documented
         * vocabulary (docs/optimization.md); never answers the simulated world's tasks.
         */
        REFLECT
    }

    /** Checks the values; throws {@link IllegalArgumentException} naming the first one out of range. */
    public MockModelSpec {
        description = description == null ? "" : description;
        Objects.requireNonNull(behavior, "behavior");
        requireNonNegative(ttftMedian, "ttftMedian");
        requireNonNegative(ttftP95, "ttftP95");
        requireNonNegative(ttftFloor, "ttftFloor");
        requireNonNegative(retryAfter, "retryAfter");
        if (ttftP95.compareTo(ttftMedian) < 0) {
            throw new IllegalArgumentException("ttftP95 (" + ttftP95.toMillis() + " ms) must be at least ttftMedian ("
                    + ttftMedian.toMillis() + " ms)");
        }
        if (!(tokensPerSecond > 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond must be a positive number, was " + tokensPerSecond);
        }
        requireProbability(accuracy, "accuracy");
        requireProbability(rate429, "rate429");
        requireProbability(rate500, "rate500");
        requireProbability(rateTimeout, "rateTimeout");
        if (rate429 + rate500 + rateTimeout > 1.0 + 1e-9) {
            throw new IllegalArgumentException(
                    "rate429 + rate500 + rateTimeout must be at most 1, was " + (rate429 + rate500 + rateTimeout));
        }
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be at least 1, was " + maxOutputTokens);
        }
        if (!(latencyScale >= 0) || Double.isInfinite(latencyScale)) {
            throw new IllegalArgumentException("latencyScale must be 0 or more, was " + latencyScale);
        }
    }

    /**
     * A builder starting from a mid-range model: 500 ms median (1.2 s p95, 50 ms floor) to first token,
     * 60 tokens/s, accuracy 0.8, no faults, Retry-After 1 s, 4096 output tokens, latency scale 1.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this spec's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This spec with another latency scale. */
    public MockModelSpec withLatencyScale(double scale) {
        return toBuilder().latencyScale(scale).build();
    }

    /** The probability that a call fails, whatever the kind. */
    public double failureRate() {
        return rate429 + rate500 + rateTimeout;
    }

    private static void requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    private static void requireProbability(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
        }
    }

    /** Builds {@link MockModelSpec}s. Not thread-safe. */
    public static final class Builder {
        private String description = "";
        private Behavior behavior = Behavior.ANSWER;
        private Duration ttftMedian = Duration.ofMillis(500);
        private Duration ttftP95 = Duration.ofMillis(1200);
        private Duration ttftFloor = Duration.ofMillis(50);
        private double tokensPerSecond = 60;
        private double accuracy = 0.8;
        private double rate429;
        private Duration retryAfter = Duration.ofSeconds(1);
        private double rate500;
        private double rateTimeout;
        private int maxOutputTokens = 4096;
        private double latencyScale = 1.0;

        private Builder() {}

        private Builder(MockModelSpec s) {
            description = s.description;
            behavior = s.behavior;
            ttftMedian = s.ttftMedian;
            ttftP95 = s.ttftP95;
            ttftFloor = s.ttftFloor;
            tokensPerSecond = s.tokensPerSecond;
            accuracy = s.accuracy;
            rate429 = s.rate429;
            retryAfter = s.retryAfter;
            rate500 = s.rate500;
            rateTimeout = s.rateTimeout;
            maxOutputTokens = s.maxOutputTokens;
            latencyScale = s.latencyScale;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder behavior(Behavior behavior) {
            this.behavior = behavior;
            return this;
        }

        public Builder ttftMedian(Duration median) {
            this.ttftMedian = median;
            return this;
        }

        public Builder ttftP95(Duration p95) {
            this.ttftP95 = p95;
            return this;
        }

        public Builder ttftFloor(Duration floor) {
            this.ttftFloor = floor;
            return this;
        }

        /** Sets median, p95 and floor of the time to first token at once. */
        public Builder timeToFirstToken(Duration median, Duration p95, Duration floor) {
            this.ttftMedian = median;
            this.ttftP95 = p95;
            this.ttftFloor = floor;
            return this;
        }

        public Builder tokensPerSecond(double value) {
            this.tokensPerSecond = value;
            return this;
        }

        public Builder accuracy(double accuracy) {
            this.accuracy = accuracy;
            return this;
        }

        public Builder rate429(double rate) {
            this.rate429 = rate;
            return this;
        }

        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        public Builder rate500(double rate) {
            this.rate500 = rate;
            return this;
        }

        public Builder rateTimeout(double rate) {
            this.rateTimeout = rate;
            return this;
        }

        public Builder maxOutputTokens(int tokens) {
            this.maxOutputTokens = tokens;
            return this;
        }

        public Builder latencyScale(double scale) {
            this.latencyScale = scale;
            return this;
        }

        /** Builds the spec; throws {@link IllegalArgumentException} when a value is out of range. */
        public MockModelSpec build() {
            return new MockModelSpec(
                    description,
                    behavior,
                    ttftMedian,
                    ttftP95,
                    ttftFloor,
                    tokensPerSecond,
                    accuracy,
                    rate429,
                    retryAfter,
                    rate500,
                    rateTimeout,
                    maxOutputTokens,
                    latencyScale);
        }
    }
}
