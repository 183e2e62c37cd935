package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@link EvalComparison#toTable()}: the comparison as plain text for a terminal. Stateless. */
final class ComparisonText {
    private static final int OUTPUT_WIDTH = 160;

    private ComparisonText() {}

    static String render(EvalComparison c, int maxRegressions) {
        StringBuilder out = new StringBuilder();
        run(out, "baseline ", c.baseline());
        run(out, "candidate", c.candidate());
        out.append("pairing    ")
                .append(c.pairs().size())
                .append(" rows ")
                .append(
                        c.pairing() == EvalComparison.Pairing.BY_INDEX
                                ? "by index (same dataset)"
                                : "by equal inputs (different datasets)")
                .append("; ")
                .append(c.onlyInBaseline().size())
                .append(" only in baseline")
                .append(indices(c.onlyInBaseline()))
                .append(", ")
                .append(c.onlyInCandidate().size())
                .append(" only in candidate")
                .append(indices(c.onlyInCandidate()))
                .append("\n\n");

        TextTable table = new TextTable(
                List.of(
                        "scorer",
                        "baseline",
                        "candidate",
                        "delta",
                        "95% CI (paired)",
                        "wins",
                        "losses",
                        "ties",
                        "excluded",
                        "result"),
                List.of(false, true, true, true, false, true, true, true, true, false));
        for (ScorerDelta s : c.scorers()) {
            table.add(List.of(
                    s.name() + (s.lowerIsBetter() ? " (lower is better)" : ""),
                    EvalComparison.mean(s, s.baselineMean()),
                    EvalComparison.mean(s, s.candidateMean()),
                    delta(s),
                    interval(s),
                    count(s, s.wins()),
                    count(s, s.losses()),
                    Integer.toString(s.ties()),
                    Integer.toString(s.excluded()),
                    result(s)));
        }
        out.append(c.scorers().isEmpty() ? "(no assessments in either run)\n" : table.render())
                .append('\n');

        c.latency()
                .ifPresentOrElse(
                        l -> out.append("latency    p50 ")
                                .append(duration(l.baselineP50()))
                                .append(" -> ")
                                .append(duration(l.candidateP50()))
                                .append(" (")
                                .append(signedDuration(l.p50Delta()))
                                .append("), p95 ")
                                .append(duration(l.baselineP95()))
                                .append(" -> ")
                                .append(duration(l.candidateP95()))
                                .append(" (")
                                .append(signedDuration(l.p95Delta()))
                                .append(") over ")
                                .append(l.rows())
                                .append(" rows\n"),
                        () -> out.append("latency    unknown (no paired row has a latency on both sides)\n"));
        CostDelta cost = c.cost();
        out.append("app cost   ")
                .append(dollars(cost.baselineApp().costUsd()))
                .append(" -> ")
                .append(dollars(cost.candidateApp().costUsd()))
                .append(" (")
                .append(signedDollars(cost.appCostDelta()))
                .append(cost.appCostChange().map(r -> ", " + signedPercent(r)).orElse(""))
                .append("); tokens ")
                .append(String.format(
                        Locale.ROOT,
                        "%,d -> %,d",
                        cost.baselineApp().totalTokens(),
                        cost.candidateApp().totalTokens()))
                .append('\n');
        out.append("judge cost ")
                .append(dollars(cost.baselineJudge().costUsd()))
                .append(" -> ")
                .append(dollars(cost.candidateJudge().costUsd()))
                .append(" (")
                .append(signedDollars(cost.judgeCostDelta()))
                .append("), not part of the app cost\n");

        List<RowDiff> regressed = c.regressions();
        out.append("\nregressed rows: ")
                .append(regressed.size())
                .append(" of ")
                .append(c.pairs().size())
                .append('\n');
        for (RowDiff d : regressed.subList(0, Math.min(regressed.size(), Math.max(0, maxRegressions)))) {
            out.append("  row ").append(d.baseline().index());
            if (d.candidate().index() != d.baseline().index()) {
                out.append(" (candidate row ").append(d.candidate().index()).append(')');
            }
            out.append(": ").append(String.join(", ", reasons(d))).append('\n');
            out.append("    inputs     ").append(oneLine(d.inputs())).append('\n');
            out.append("    baseline   ").append(outputs(d.baseline())).append('\n');
            out.append("    candidate  ").append(outputs(d.candidate())).append('\n');
        }
        if (regressed.size() > maxRegressions) {
            out.append("  … and ")
                    .append(regressed.size() - maxRegressions)
                    .append(" more (the HTML report lists all)\n");
        }
        return out.toString();
    }

    private static void run(StringBuilder out, String label, EvalRun run) {
        out.append(label)
                .append("  ")
                .append(run.runId())
                .append("  '")
                .append(run.name())
                .append("'")
                .append(run.model().map(m -> "  model " + m).orElse(""))
                .append(run.promptVersion().map(p -> "  prompt " + p).orElse(""))
                .append("  ")
                .append(run.rowCount())
                .append(" rows  ")
                .append(run.status())
                .append('\n');
    }

    /** What got worse on the row: {@code correctness yes -> no}, {@code prediction failed: …}. */
    static List<String> reasons(RowDiff d) {
        List<String> reasons = new ArrayList<>();
        if (d.newlyFailed()) {
            reasons.add("prediction failed: " + d.candidate().error().orElse(""));
        }
        for (String name : d.regressedScorers()) {
            reasons.add(name + " "
                    + d.baseline().feedback(name).map(Feedback::display).orElse("?") + " -> "
                    + d.candidate().feedback(name).map(Feedback::display).orElse("?"));
        }
        return reasons;
    }

    private static String indices(List<RowResult> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        List<String> shown =
                rows.stream().limit(10).map(r -> Integer.toString(r.index())).toList();
        return " (rows " + String.join(", ", shown) + (rows.size() > 10 ? ", …" : "") + ")";
    }

    static String delta(ScorerDelta s) {
        if (s.delta().isEmpty()) {
            return "-";
        }
        double d = s.delta().getAsDouble();
        return s.kind() == ValueKind.BOOLEAN ? points(d) + " pt" : EvalComparison.signed(d);
    }

    static String interval(ScorerDelta s) {
        return s.deltaInterval()
                .map(i -> s.kind() == ValueKind.BOOLEAN
                        ? "[" + points(i.lower()) + ", " + points(i.upper()) + "] pt"
                        : "[" + EvalComparison.signed(i.lower()) + ", " + EvalComparison.signed(i.upper()) + "]")
                .orElse("");
    }

    private static String count(ScorerDelta s, int n) {
        return s.kind() == ValueKind.TEXT ? "-" : Integer.toString(n);
    }

    /** {@code better}, {@code worse} (the interval excludes zero), {@code no clear change}, or text changes. */
    static String result(ScorerDelta s) {
        if (s.kind() == ValueKind.TEXT) {
            return s.changed() + " changed";
        }
        if (s.deltaInterval().isEmpty()) {
            return "not compared";
        }
        return s.significantlyBetter() ? "better" : s.significantlyWorse() ? "worse" : "no clear change";
    }

    /** Percentage points with one decimal and a sign: {@code +10.0}. */
    static String points(double fraction) {
        double p = fraction * 100;
        String text = String.format(Locale.ROOT, "%.1f", p);
        return p > 0 && !text.equals("0.0") ? "+" + text : text.equals("-0.0") ? "0.0" : text;
    }

    static String duration(Duration d) {
        long nanos = d.toNanos();
        if (Math.abs(nanos) < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%d ms", Math.round(nanos / 1e6));
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    static String signedDuration(Duration d) {
        return (d.isNegative() ? "-" : d.isZero() ? "" : "+") + duration(d.abs());
    }

    static String dollars(BigDecimal value) {
        return "$" + value.stripTrailingZeros().toPlainString();
    }

    static String signedDollars(BigDecimal value) {
        return (value.signum() < 0 ? "-" : value.signum() > 0 ? "+" : "") + dollars(value.abs());
    }

    static String signedPercent(double ratio) {
        return points(ratio) + "%";
    }

    static String outputs(RowResult row) {
        if (row.error().isPresent()) {
            return "(failed: " + row.error().get() + ")";
        }
        return row.outputs().map(ComparisonText::oneLine).orElse("(no output)");
    }

    /** A value on one line: text as is, anything else as JSON; cut at a readable width. */
    static String oneLine(Object value) {
        String text = value instanceof CharSequence s
                ? s.toString()
                : Json.tree(value).toString();
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() <= OUTPUT_WIDTH ? text : text.substring(0, OUTPUT_WIDTH - 1) + "…";
    }

    /** A value in full: text as is, anything else as indented JSON. */
    static String full(Optional<Object> value) {
        return value.map(v -> v instanceof CharSequence s
                        ? s.toString()
                        : Json.tree(v).toPrettyString())
                .orElse("");
    }
}
