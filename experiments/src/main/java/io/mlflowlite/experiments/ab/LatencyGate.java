package io.mlflowlite.experiments.ab;

import io.mlflowlite.experiments.stats.Interval;
import io.mlflowlite.experiments.stats.Sample;
import io.mlflowlite.experiments.stats.SequentialTest;

/**
 * The candidate's p95 latency may not exceed a ceiling: an absolute one ({@code p95CeilingMs}), one relative to
 * control's p95 in the same stage ({@code control p95 × (1 + maxIncrease)}), or the lower of both.
 *
 * <p>"p95 above the ceiling" means "more than 5 % of calls slower than the ceiling", so the gate tests the
 * candidate's share of calls slower than the ceiling (counted from the latency sketch) with a one-sample
 * always-valid interval (mixing variance 0.1², tuned to catch gross breaches fast): it <b>fails</b> (roll back) as soon as that interval lies above 5
 * % — a candidate far over the ceiling fails after a few dozen calls, without waiting for {@code minSamples} — and
 * <b>passes</b> once the candidate has at least {@code minSamples} calls and its observed p95 is at or below the
 * ceiling. A relative ceiling needs control to have {@code minSamples} calls too (control's p95 is then taken as
 * known). At a 100 % stage only the absolute ceiling applies. Immutable.
 *
 * @param p95CeilingMs the absolute ceiling in ms, or NaN for none
 * @param maxIncrease the largest acceptable relative increase over control's p95 (0.2 = +20 %), or NaN for none
 * @param minSamples the candidate calls needed before the gate can pass
 */
public record LatencyGate(double p95CeilingMs, double maxIncrease, long minSamples) implements Gate {
    private static final double TAIL = 0.05;

    /** The mixing scale of the slow-share test: tuned to a share 10 points above 5 %, caught in a few dozen calls. */
    private static final double BREACH = 0.1;

    public LatencyGate {
        boolean hasAbsolute = !Double.isNaN(p95CeilingMs);
        boolean hasRelative = !Double.isNaN(maxIncrease);
        if (!hasAbsolute && !hasRelative) {
            throw new IllegalArgumentException(
                    "a latency gate needs an absolute p95 ceiling in ms, a maximum increase over control, or both");
        }
        if (hasAbsolute && !(p95CeilingMs > 0 && Double.isFinite(p95CeilingMs))) {
            throw new IllegalArgumentException("the p95 ceiling must be finite and > 0 ms, got " + p95CeilingMs);
        }
        if (hasRelative && !(maxIncrease >= 0 && Double.isFinite(maxIncrease))) {
            throw new IllegalArgumentException(
                    "the maximum increase over control must be finite and >= 0 (0.2 = +20 %), got " + maxIncrease);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("a latency gate's minimum samples must be >= 1, got " + minSamples);
        }
    }

    /** An absolute ceiling. */
    public static LatencyGate absolute(double p95CeilingMs, long minSamples) {
        return new LatencyGate(p95CeilingMs, Double.NaN, minSamples);
    }

    /** A ceiling relative to control's p95 ({@code 0.2} = at most 20 % slower). */
    public static LatencyGate relative(double maxIncrease, long minSamples) {
        return new LatencyGate(Double.NaN, maxIncrease, minSamples);
    }

    @Override
    public String name() {
        return "latency_p95";
    }

    @Override
    public GateResult evaluate(StageContext stage) {
        double ceiling = Double.isNaN(p95CeilingMs) ? Double.POSITIVE_INFINITY : p95CeilingMs;
        String basis = Double.isNaN(p95CeilingMs) ? "" : "absolute ceiling";
        if (!Double.isNaN(maxIncrease)) {
            if (stage.controlTraffic() && stage.control().count() >= minSamples) {
                double relative = stage.control().latencyP95() * (1 + maxIncrease);
                if (relative < ceiling) {
                    ceiling = relative;
                    basis = "control p95 " + Evidence.num(stage.control().latencyP95()) + " ms + "
                            + Evidence.num(maxIncrease * 100) + " %";
                }
            } else if (Double.isInfinite(ceiling)) {
                String why = stage.controlTraffic()
                        ? "control has " + stage.control().count() + " of " + minSamples + " calls needed for its p95"
                        : "no control traffic at 100 %, not applicable (compared at earlier stages)";
                return new GateResult(
                        name(),
                        stage.candidate().latencyP95(),
                        Double.NaN,
                        stage.controlTraffic() ? GateStatus.PENDING : GateStatus.PASS,
                        "relative p95 ceiling: " + why);
            }
        }
        VariantMetrics candidate = stage.candidate();
        long n = candidate.count();
        if (n == 0) {
            return new GateResult(name(), Double.NaN, ceiling, GateStatus.PENDING, "no candidate calls yet");
        }
        double p95 = candidate.latencyP95();
        Sample slow = Sample.proportion(candidate.latencyCountAbove(ceiling), n);
        Interval share = SequentialTest.forEffect(BREACH, stage.alpha()).confidenceSequence(slow);
        String what = "candidate p95 " + Evidence.num(p95) + " ms over " + n + " calls, ceiling "
                + Evidence.num(ceiling)
                + " ms (" + basis + "); " + Evidence.num(slow.mean() * 100) + " % of calls slower than the ceiling"
                + " (always-valid " + Evidence.level(stage.alpha()) + " % interval " + Evidence.num(share) + ")";
        if (share.lower() > TAIL) {
            return new GateResult(
                    name(), p95, ceiling, GateStatus.FAIL, what + ": p95 is above the ceiling with evidence");
        }
        if (n >= minSamples && p95 <= ceiling) {
            return new GateResult(name(), p95, ceiling, GateStatus.PASS, what + ": within");
        }
        String pending = n < minSamples
                ? ": " + n + " of " + minSamples + " calls needed to pass"
                : ": p95 above the ceiling, not yet with evidence";
        return new GateResult(name(), p95, ceiling, GateStatus.PENDING, what + pending);
    }
}
