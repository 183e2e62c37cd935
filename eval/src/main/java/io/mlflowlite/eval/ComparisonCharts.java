package io.mlflowlite.eval;

import static io.mlflowlite.eval.ComparisonHtml.BASELINE_COLOR;
import static io.mlflowlite.eval.ComparisonHtml.CANDIDATE_COLOR;
import static io.mlflowlite.eval.ComparisonHtml.esc;
import static io.mlflowlite.eval.ComparisonHtml.num;

import java.math.BigDecimal;
import java.util.List;

/**
 * The report's inline SVG charts: horizontal bars with interval whiskers, and a delta with its paired interval
 * against zero. Plain SVG elements only, sized in user units, so any browser draws them without script. The
 * {@code …Svg} methods give other reports (a migration's) the same charts. Stateless.
 */
public final class ComparisonCharts {
    private static final int WIDTH = 380;
    private static final int LABEL = 78;
    private static final int PLOT = 190;
    private static final int BAR = 16;
    private static final String BETTER = "#18794e";
    private static final String WORSE = "#c62828";
    private static final String NEUTRAL = "#555555";

    /** One bar: its value, whisker bounds (or NaN for none) and the text written beside it. */
    private record Bar(String label, double value, double lower, double upper, String color, String text) {}

    private ComparisonCharts() {}

    /** Baseline and candidate means with their intervals, then the delta with its paired interval. */
    static void scorer(StringBuilder h, ScorerDelta s) {
        boolean verdict = s.kind() == ValueKind.BOOLEAN;
        ConfidenceInterval b = s.baselineInterval().orElseThrow();
        ConfidenceInterval c = s.candidateInterval().orElseThrow();
        double lo = verdict ? 0 : Math.min(0, Math.min(b.lower(), c.lower()));
        double hi = verdict ? 1 : Math.max(0, Math.max(b.upper(), c.upper()));
        List<Bar> bars = List.of(
                new Bar(
                        "baseline",
                        s.baselineMean().getAsDouble(),
                        b.lower(),
                        b.upper(),
                        BASELINE_COLOR,
                        EvalComparison.mean(s, s.baselineMean())),
                new Bar(
                        "candidate",
                        s.candidateMean().getAsDouble(),
                        c.lower(),
                        c.upper(),
                        CANDIDATE_COLOR,
                        EvalComparison.mean(s, s.candidateMean())));
        int barsHeight = 20 + bars.size() * (BAR + 10);
        int height = barsHeight + 56;
        h.append("<figure><figcaption>")
                .append(esc(s.name()))
                .append(verdict ? " (pass rate)" : " (mean)")
                .append("</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(esc(s.name()))
                .append("\">\n");
        bars(h, bars, lo, hi, 4);
        delta(h, s, barsHeight + 6);
        h.append("</svg></figure>\n");
    }

    /** p50 and p95 of both runs, in milliseconds. */
    static void latency(StringBuilder h, LatencyDelta l) {
        chart(
                h,
                "Latency (ms)",
                List.of(
                        plain(
                                "p50 base",
                                l.baselineP50().toNanos() / 1e6,
                                BASELINE_COLOR,
                                ComparisonText.duration(l.baselineP50())),
                        plain(
                                "p50 cand",
                                l.candidateP50().toNanos() / 1e6,
                                CANDIDATE_COLOR,
                                ComparisonText.duration(l.candidateP50())),
                        plain(
                                "p95 base",
                                l.baselineP95().toNanos() / 1e6,
                                BASELINE_COLOR,
                                ComparisonText.duration(l.baselineP95())),
                        plain(
                                "p95 cand",
                                l.candidateP95().toNanos() / 1e6,
                                CANDIDATE_COLOR,
                                ComparisonText.duration(l.candidateP95()))));
    }

    /** Application cost (paired rows) and judge cost (whole runs) of both, in dollars. */
    static void cost(StringBuilder h, CostDelta cost) {
        chart(
                h,
                "Cost (USD)",
                List.of(
                        dollars("app base", cost.baselineApp().costUsd(), BASELINE_COLOR),
                        dollars("app cand", cost.candidateApp().costUsd(), CANDIDATE_COLOR),
                        dollars("judge base", cost.baselineJudge().costUsd(), BASELINE_COLOR),
                        dollars("judge cand", cost.candidateJudge().costUsd(), CANDIDATE_COLOR)));
    }

    /**
     * A scorer's chart (both means with their intervals, the delta with its paired interval), as one
     * {@code <figure>}; empty when the scorer has no intervals (text values, too few pairs).
     */
    public static String scorerSvg(ScorerDelta s) {
        if (s.baselineInterval().isEmpty()
                || s.candidateInterval().isEmpty()
                || s.baselineMean().isEmpty()
                || s.candidateMean().isEmpty()
                || s.deltaInterval().isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder();
        scorer(h, s);
        return h.toString();
    }

    /** The latency chart (p50 and p95 of both runs), as one {@code <figure>}. */
    public static String latencySvg(LatencyDelta l) {
        StringBuilder h = new StringBuilder();
        latency(h, l);
        return h.toString();
    }

    /** The cost chart (application and judge dollars of both runs), as one {@code <figure>}. */
    public static String costSvg(CostDelta cost) {
        StringBuilder h = new StringBuilder();
        cost(h, cost);
        return h.toString();
    }

    /**
     * Plain horizontal bars from zero, one per label, in the report's style, as one {@code <figure>}: {@code texts}
     * are written beside the bars, {@code candidate} says which bars take the candidate's colour. Values must not
     * be negative.
     */
    public static String barsSvg(
            String caption, List<String> labels, List<Double> values, List<String> texts, List<Boolean> candidate) {
        if (labels.size() != values.size() || labels.size() != texts.size() || labels.size() != candidate.size()) {
            throw new IllegalArgumentException("labels, values, texts and candidate must be as many");
        }
        List<Bar> bars = new java.util.ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            bars.add(plain(
                    labels.get(i), values.get(i), candidate.get(i) ? CANDIDATE_COLOR : BASELINE_COLOR, texts.get(i)));
        }
        StringBuilder h = new StringBuilder();
        chart(h, caption, bars);
        return h.toString();
    }

    private static Bar plain(String label, double value, String color, String text) {
        return new Bar(label, value, Double.NaN, Double.NaN, color, text);
    }

    private static Bar dollars(String label, BigDecimal value, String color) {
        return plain(label, value.doubleValue(), color, ComparisonText.dollars(value));
    }

    private static void chart(StringBuilder h, String caption, List<Bar> bars) {
        double hi = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        int height = 20 + bars.size() * (BAR + 10);
        h.append("<figure><figcaption>")
                .append(esc(caption))
                .append("</figcaption>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(esc(caption))
                .append("\">\n");
        bars(h, bars, 0, hi > 0 ? hi : 1, 4);
        h.append("</svg></figure>\n");
    }

    private static void bars(StringBuilder h, List<Bar> bars, double lo, double hi, int top) {
        double span = hi > lo ? hi - lo : 1;
        java.util.function.DoubleUnaryOperator x = v -> LABEL + (Math.max(lo, Math.min(hi, v)) - lo) / span * PLOT;
        double zero = x.applyAsDouble(0);
        h.append("<line x1=\"")
                .append(num(zero))
                .append("\" y1=\"")
                .append(top)
                .append("\" x2=\"")
                .append(num(zero))
                .append("\" y2=\"")
                .append(top + bars.size() * (BAR + 10))
                .append("\" stroke=\"#bbb\"/>\n");
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = top + i * (BAR + 10);
            double end = x.applyAsDouble(bar.value());
            h.append("<text x=\"0\" y=\"")
                    .append(y + BAR - 4)
                    .append("\">")
                    .append(esc(bar.label()))
                    .append("</text>\n");
            h.append("<rect x=\"")
                    .append(num(Math.min(zero, end)))
                    .append("\" y=\"")
                    .append(y)
                    .append("\" width=\"")
                    .append(num(Math.abs(end - zero)))
                    .append("\" height=\"")
                    .append(BAR)
                    .append("\" fill=\"")
                    .append(bar.color())
                    .append("\"/>\n");
            double textAt = end;
            if (!Double.isNaN(bar.lower())) {
                double l = x.applyAsDouble(bar.lower());
                double u = x.applyAsDouble(bar.upper());
                double mid = y + BAR / 2.0;
                h.append("<path d=\"M")
                        .append(num(l))
                        .append(' ')
                        .append(num(mid))
                        .append("H")
                        .append(num(u))
                        .append("M")
                        .append(num(l))
                        .append(' ')
                        .append(num(mid - 5))
                        .append("V")
                        .append(num(mid + 5))
                        .append("M")
                        .append(num(u))
                        .append(' ')
                        .append(num(mid - 5))
                        .append("V")
                        .append(num(mid + 5))
                        .append("\" stroke=\"#111\" stroke-width=\"1.5\" fill=\"none\"/>\n");
                textAt = Math.max(end, u);
            }
            h.append("<text x=\"")
                    .append(num(Math.max(textAt, zero) + 6))
                    .append("\" y=\"")
                    .append(y + BAR - 4)
                    .append("\">")
                    .append(esc(bar.text()))
                    .append("</text>\n");
        }
    }

    /** The delta as a dot on an axis centred on zero, with the paired interval as a whisker. */
    private static void delta(StringBuilder h, ScorerDelta s, int top) {
        ConfidenceInterval ci = s.deltaInterval().orElseThrow();
        double d = s.delta().getAsDouble();
        double m = Math.max(Math.abs(d), Math.max(Math.abs(ci.lower()), Math.abs(ci.upper()))) * 1.15;
        if (m == 0) {
            m = s.kind() == ValueKind.BOOLEAN ? 0.1 : 1;
        }
        double span = 2 * m;
        double mm = m;
        java.util.function.DoubleUnaryOperator x = v -> LABEL + (v + mm) / span * PLOT;
        String color = s.significantlyBetter() ? BETTER : s.significantlyWorse() ? WORSE : NEUTRAL;
        double mid = top + 14;
        h.append("<text x=\"0\" y=\"").append(num(mid + 4)).append("\">delta</text>\n");
        h.append("<line x1=\"")
                .append(LABEL)
                .append("\" y1=\"")
                .append(num(mid))
                .append("\" x2=\"")
                .append(LABEL + PLOT)
                .append("\" y2=\"")
                .append(num(mid))
                .append("\" stroke=\"#ddd\"/>\n");
        h.append("<line x1=\"")
                .append(num(x.applyAsDouble(0)))
                .append("\" y1=\"")
                .append(num(mid - 10))
                .append("\" x2=\"")
                .append(num(x.applyAsDouble(0)))
                .append("\" y2=\"")
                .append(num(mid + 10))
                .append("\" stroke=\"#999\" stroke-dasharray=\"2 2\"/>\n");
        double l = x.applyAsDouble(ci.lower());
        double u = x.applyAsDouble(ci.upper());
        h.append("<path d=\"M")
                .append(num(l))
                .append(' ')
                .append(num(mid))
                .append("H")
                .append(num(u))
                .append("M")
                .append(num(l))
                .append(' ')
                .append(num(mid - 5))
                .append("V")
                .append(num(mid + 5))
                .append("M")
                .append(num(u))
                .append(' ')
                .append(num(mid - 5))
                .append("V")
                .append(num(mid + 5))
                .append("\" stroke=\"")
                .append(color)
                .append("\" stroke-width=\"2\" fill=\"none\"/>\n");
        h.append("<circle cx=\"")
                .append(num(x.applyAsDouble(d)))
                .append("\" cy=\"")
                .append(num(mid))
                .append("\" r=\"4.5\" fill=\"")
                .append(color)
                .append("\"/>\n");
        h.append("<text x=\"")
                .append(LABEL)
                .append("\" y=\"")
                .append(num(mid + 26))
                .append("\">")
                .append(esc(
                        ComparisonText.delta(s) + " " + ComparisonText.interval(s) + " · " + ComparisonText.result(s)))
                .append("</text>\n");
    }
}
