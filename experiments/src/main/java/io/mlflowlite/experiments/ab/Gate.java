package io.mlflowlite.experiments.ab;

import io.mlflowlite.experiments.stats.Interval;
import java.util.Locale;

/**
 * One condition of a {@link RolloutPlan}: {@link QualityGate} (non-inferiority of a score), {@link LatencyGate}
 * (p95 ceiling), {@link ErrorRateGate} and {@link CostGate} (ceilings). A gate {@link GateStatus#FAIL}s only on
 * statistical evidence (an always-valid interval entirely on the wrong side), which rolls the rollout back at
 * once; it {@link GateStatus#PASS}es when the stage may advance as far as it is concerned; otherwise it is {@link
 * GateStatus#PENDING}. Implementations are immutable and thread-safe.
 */
public sealed interface Gate permits QualityGate, LatencyGate, ErrorRateGate, CostGate {
    /** The gate's name in evidence (e.g. {@code quality:correct}). */
    String name();

    /** Judges the stage. */
    GateResult evaluate(StageContext stage);

    /** Formats a number for evidence sentences. */
    static String num(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "−∞";
        }
        double a = Math.abs(x);
        String s = a != 0 && (a < 0.001 || a >= 1e6)
                ? String.format(Locale.ROOT, "%.3g", x)
                : String.format(Locale.ROOT, a < 1 ? "%.4f" : a < 100 ? "%.3f" : "%.1f", x);
        return s;
    }

    /** Formats an interval for evidence sentences. */
    static String num(Interval i) {
        return "[" + num(i.lower()) + ", " + num(i.upper()) + "]";
    }

    /** The confidence level in percent, e.g. "95". */
    static String level(double alpha) {
        return num((1 - alpha) * 100).replaceAll("\\.?0+$", "");
    }
}
