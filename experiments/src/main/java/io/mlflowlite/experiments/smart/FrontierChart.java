package io.mlflowlite.experiments.smart;

import java.util.List;
import java.util.Locale;

/**
 * The cost/quality frontier as an SVG scatter chart in the evaluation report's style (a {@code <figure>} with a
 * caption and an inline {@code <svg>}, ready for an HTML report): cost per 1 000 calls across, pass rate up; the
 * router's thresholds joined by a line, each model alone, the oracle and random routing as labelled dots.
 * Stateless.
 */
public final class FrontierChart {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;
    private static final String ROUTER = "#1565c0";
    private static final String MODEL = "#555555";
    private static final String ORACLE = "#18794e";
    private static final String RANDOM = "#c62828";

    private FrontierChart() {}

    private static final String CAPTION =
            "Cost and quality: the router along its curve, each model alone, the oracle, random routing";

    /** The chart of {@code points} as a {@code <figure>} holding an {@code <svg>}, for an HTML report. */
    public static String svg(List<FrontierPoint> points) {
        return "<figure><figcaption>" + esc(CAPTION) + "</figcaption>\n" + standalone(points) + "</figure>\n";
    }

    /** The chart of {@code points} as a standalone {@code <svg>} element (an {@code .svg} file's content). */
    public static String standalone(List<FrontierPoint> points) {
        double maxCost =
                points.stream().mapToDouble(FrontierPoint::costUsd).max().orElse(1) * 1000 * 1.05;
        double minQ = Math.max(
                0, points.stream().mapToDouble(FrontierPoint::quality).min().orElse(0) - 0.05);
        double span = Math.max(1e-9, 1 - minQ);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator x = c -> LEFT + (maxCost <= 0 ? 0 : c * 1000 / maxCost * plotW);
        java.util.function.DoubleUnaryOperator y = q -> TOP + (1 - (q - minQ) / span) * plotH;
        String caption = CAPTION;
        StringBuilder h = new StringBuilder();
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"")
                .append(esc(caption))
                .append("\">\n");
        h.append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH)).append(line(LEFT, TOP, LEFT, TOP + plotH));
        for (int i = 0; i <= 4; i++) {
            double q = minQ + span * i / 4;
            h.append(text(4, y.applyAsDouble(q) + 4, String.format(Locale.ROOT, "%.0f%%", q * 100), "start"));
            double c = maxCost * i / 4 / 1000;
            h.append(text(
                    x.applyAsDouble(c), HEIGHT - BOTTOM + 16, String.format(Locale.ROOT, "$%.3f", c * 1000), "middle"));
        }
        h.append(text(LEFT + plotW / 2, HEIGHT - 4, "USD per 1,000 calls", "middle"));
        StringBuilder path = new StringBuilder();
        points.stream()
                .filter(p -> p.kind().equals("router"))
                .sorted(java.util.Comparator.comparingDouble(FrontierPoint::costUsd))
                .forEach(p -> path.append(path.isEmpty() ? "M" : " L")
                        .append(num(x.applyAsDouble(p.costUsd())))
                        .append(' ')
                        .append(num(y.applyAsDouble(p.quality()))));
        if (!path.isEmpty()) {
            h.append("<path d=\"")
                    .append(path)
                    .append("\" fill=\"none\" stroke=\"")
                    .append(ROUTER)
                    .append("\" stroke-width=\"1.5\"/>\n");
        }
        for (FrontierPoint p : points) {
            String color = switch (p.kind()) {
                case "router" -> ROUTER;
                case "oracle" -> ORACLE;
                case "random" -> RANDOM;
                default -> MODEL;
            };
            double px = x.applyAsDouble(p.costUsd());
            double py = y.applyAsDouble(p.quality());
            h.append("<circle cx=\"")
                    .append(num(px))
                    .append("\" cy=\"")
                    .append(num(py))
                    .append("\" r=\"")
                    .append(p.kind().equals("router") || p.kind().equals("random") ? 3 : 5)
                    .append("\" fill=\"")
                    .append(color)
                    .append("\"><title>")
                    .append(esc(p.name()))
                    .append(String.format(
                            Locale.ROOT, ": $%.4f per 1,000 calls, %.1f%%", p.costUsd() * 1000, p.quality() * 100))
                    .append("</title></circle>\n");
            if (p.kind().equals("model") || p.kind().equals("oracle")) {
                h.append(text(px + 7, py - 6, p.name(), "start"));
            }
        }
        h.append("</svg>\n");
        return h.toString();
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2)
                + "\" stroke=\"#bbb\"/>\n";
    }

    private static String text(double x, double y, String s, String anchor) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"11\" text-anchor=\"" + anchor + "\">"
                + esc(s) + "</text>\n";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
