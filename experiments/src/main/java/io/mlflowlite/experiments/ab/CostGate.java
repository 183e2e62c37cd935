package io.mlflowlite.experiments.ab;

import io.mlflowlite.experiments.stats.Interval;
import io.mlflowlite.experiments.stats.Sample;
import io.mlflowlite.experiments.stats.SequentialTest;

/**
 * The candidate's mean cost per call may not exceed {@code ceilingUsd}. Fails (roll back) when the always-valid
 * interval of the candidate's mean cost lies entirely above the ceiling, passes while the observed mean is at or
 * below it, pending in between. The one-sample test's mixing variance is {@code ceilingUsd²}. Immutable.
 *
 * @param ceilingUsd the highest acceptable mean cost per call in USD, {@code > 0}
 */
public record CostGate(double ceilingUsd) implements Gate {
    public CostGate {
        if (!(ceilingUsd > 0) || Double.isInfinite(ceilingUsd)) {
            throw new IllegalArgumentException("a cost ceiling must be a finite USD amount > 0, got " + ceilingUsd);
        }
    }

    @Override
    public String name() {
        return "cost_per_call";
    }

    @Override
    public GateResult evaluate(StageContext stage) {
        Sample s = stage.candidate().cost().sample();
        if (s.n() == 0) {
            return new GateResult(name(), Double.NaN, ceilingUsd, GateStatus.PENDING, "no candidate calls yet");
        }
        Interval i = SequentialTest.forEffect(ceilingUsd, stage.alpha()).confidenceSequence(s);
        String what = "candidate mean cost $" + Evidence.num(s.mean()) + " per call over " + s.n()
                + " calls (always-valid " + Evidence.level(stage.alpha()) + " % interval " + Evidence.num(i)
                + "), ceiling $"
                + Evidence.num(ceilingUsd);
        if (i.lower() > ceilingUsd) {
            return new GateResult(name(), s.mean(), ceilingUsd, GateStatus.FAIL, what + ": above the ceiling");
        }
        if (s.mean() <= ceilingUsd) {
            return new GateResult(name(), s.mean(), ceilingUsd, GateStatus.PASS, what + ": within");
        }
        return new GateResult(
                name(), s.mean(), ceilingUsd, GateStatus.PENDING, what + ": above it, not yet with evidence");
    }
}
