package io.mlflowlite.experiments.ab;

import io.mlflowlite.experiments.stats.Interval;
import io.mlflowlite.experiments.stats.Sample;
import io.mlflowlite.experiments.stats.SequentialTest;

/**
 * The candidate's error rate may not exceed {@code ceiling} (e.g. 0.02). Fails (roll back) when the always-valid
 * interval of the candidate's error rate lies entirely above the ceiling, passes while the observed rate is at or
 * below it, pending in between. The one-sample test's mixing variance is {@code max(ceiling, 0.1)²}: tuned to
 * catch a gross breach (an error spike of ten points or more) within a few dozen calls; a small excess holds the
 * rollout (the gate does not pass) until enough calls decide it. Immutable.
 *
 * @param ceiling the highest acceptable error rate, in [0, 1)
 */
public record ErrorRateGate(double ceiling) implements Gate {
    public ErrorRateGate {
        if (!(ceiling >= 0 && ceiling < 1)) {
            throw new IllegalArgumentException("an error-rate ceiling must be in [0, 1), e.g. 0.02; got " + ceiling);
        }
    }

    @Override
    public String name() {
        return "error_rate";
    }

    @Override
    public GateResult evaluate(StageContext stage) {
        Sample s = stage.candidate().errorRate();
        if (s.n() == 0) {
            return new GateResult(name(), Double.NaN, ceiling, GateStatus.PENDING, "no candidate calls yet");
        }
        Interval i =
                SequentialTest.forEffect(Math.max(ceiling, 0.1), stage.alpha()).confidenceSequence(s);
        String what = "candidate error rate " + Evidence.num(s.mean()) + " over " + s.n() + " calls (always-valid "
                + Evidence.level(stage.alpha()) + " % interval " + Evidence.num(i) + "), ceiling "
                + Evidence.num(ceiling);
        if (i.lower() > ceiling) {
            return new GateResult(name(), s.mean(), ceiling, GateStatus.FAIL, what + ": above the ceiling");
        }
        if (s.mean() <= ceiling) {
            return new GateResult(name(), s.mean(), ceiling, GateStatus.PASS, what + ": within");
        }
        return new GateResult(
                name(), s.mean(), ceiling, GateStatus.PENDING, what + ": above it, not yet with evidence");
    }
}
