package io.mlflowlite.experiments.ab;

import io.mlflowlite.experiments.stats.Comparison;
import io.mlflowlite.experiments.stats.Direction;
import io.mlflowlite.experiments.stats.NonInferiority;
import io.mlflowlite.experiments.stats.SequentialTest;

/**
 * Non-inferiority of quality score {@code score}: the candidate may not be worse than control by more than {@code
 * margin} (in the score's units, e.g. 0.05 = five points of pass rate). Passes when the always-valid interval for
 * {@code candidate − control} lies above {@code −margin} (for a higher-is-better score), fails when it lies below;
 * the test's mixing variance is {@code margin²} (tuned to differences of the margin's size). At a 100 % stage
 * there is no control to compare with: the gate passes as "not applicable" (the comparison was made at the
 * earlier stages). Immutable.
 *
 * @param score the score's name as recorded in {@link Observation#scores()}
 * @param margin the largest acceptable loss, {@code > 0}
 * @param direction which way of the score is good (usually higher)
 */
public record QualityGate(String score, double margin, Direction direction) implements Gate {
    public QualityGate {
        if (score == null || score.isBlank()) {
            throw new IllegalArgumentException("a quality gate needs the score's name");
        }
        if (!(margin > 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("quality gate " + score
                    + ": the margin must be finite and > 0 in the score's units, got " + margin);
        }
    }

    /** A gate on a higher-is-better score. */
    public QualityGate(String score, double margin) {
        this(score, margin, Direction.HIGHER_IS_BETTER);
    }

    @Override
    public String name() {
        return "quality:" + score;
    }

    @Override
    public GateResult evaluate(StageContext stage) {
        double threshold = direction.sign() * -margin;
        if (!stage.controlTraffic()) {
            return new GateResult(
                    name(),
                    Double.NaN,
                    threshold,
                    GateStatus.PASS,
                    "score " + score + ": no control traffic at 100 %, not applicable (compared at earlier stages)");
        }
        Metric metric = Metric.score(score, direction);
        Comparison c =
                metric.compare(stage.control(), stage.candidate(), SequentialTest.forEffect(margin, stage.alpha()));
        NonInferiority ni = c.nonInferiority(margin);
        GateStatus status = switch (ni) {
            case NON_INFERIOR -> GateStatus.PASS;
            case INFERIOR -> GateStatus.FAIL;
            case UNDECIDED -> GateStatus.PENDING;
        };
        String what = "score " + score + ": candidate − control = " + Evidence.num(c.difference()) + " (always-valid "
                + Evidence.level(stage.alpha()) + " % interval " + Evidence.num(c.interval()) + ", "
                + c.candidate().n() + " vs " + c.control().n() + " scored calls)";
        String verdict = switch (ni) {
            case NON_INFERIOR -> "; not worse than control by more than " + Evidence.num(margin);
            case INFERIOR -> "; worse than control by more than " + Evidence.num(margin);
            case UNDECIDED -> "; not yet shown to be within " + Evidence.num(margin) + " of control";
        };
        return new GateResult(name(), c.difference(), threshold, status, what + verdict);
    }
}
