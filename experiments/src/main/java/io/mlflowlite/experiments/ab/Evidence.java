package io.mlflowlite.experiments.ab;

import io.mlflowlite.experiments.stats.Interval;
import java.util.Locale;

/** Number formatting for the gates' evidence sentences. */
final class Evidence {
    private Evidence() {}

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
