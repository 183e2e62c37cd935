package io.mlflowlite.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG charts (no script, no asset): a line chart of several series over time buckets and a
 * horizontal bar chart. Every label goes through {@link #esc}, so the markup is safe to embed as is. Stateless.
 */
final class Svg {
    /** Series colours, one per line, in order (and grey for "other"). */
    static final List<String> COLORS =
            List.of("#2f6fdf", "#d9480f", "#2b8a3e", "#862e9c", "#c2255c", "#1098ad", "#e67700", "#5c940d");

    private static final int WIDTH = 640;
    private static final int HEIGHT = 200;
    private static final int LEFT = 64;
    private static final int BOTTOM = 24;
    private static final int TOP = 10;

    private Svg() {}

    /** One named series of values, one per bucket. */
    record Series(String name, double[] values) {}

    /**
     * A line chart: x = the buckets (labelled with {@code xLabels}, first and last shown), y from 0 to the largest
     * value, formatted with {@code unit}; a legend under it.
     */
    static String lines(String title, List<String> xLabels, List<Series> series, String unit) {
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        if (max <= 0) {
            max = 1;
        }
        int n = xLabels.size();
        double plotW = WIDTH - LEFT - 10;
        double plotH = HEIGHT - BOTTOM - TOP;
        StringBuilder h = new StringBuilder(4096);
        h.append("<figure class=\"chart\"><figcaption>")
                .append(esc(title))
                .append("</figcaption><svg role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\"><title>")
                .append(esc(title))
                .append("</title>");
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotH - plotH * i / 4;
            h.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT,
                    WIDTH - 10,
                    y,
                    y,
                    LEFT - 4,
                    y + 4,
                    esc(axis(max * i / 4, unit))));
        }
        if (n > 0) {
            h.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    LEFT,
                    HEIGHT - 6,
                    esc(xLabels.getFirst()),
                    WIDTH - 10,
                    HEIGHT - 6,
                    esc(xLabels.getLast())));
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            List<String> points = new ArrayList<>();
            for (int i = 0; i < s.values().length; i++) {
                double v = s.values()[i];
                if (!Double.isFinite(v)) {
                    continue;
                }
                double x = LEFT + (n <= 1 ? plotW / 2 : plotW * i / (n - 1));
                double y = TOP + plotH - plotH * v / max;
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            }
            String color = color(k);
            if (points.size() == 1) {
                String[] xy = points.getFirst().split(",");
                h.append("<circle cx=\"")
                        .append(xy[0])
                        .append("\" cy=\"")
                        .append(xy[1])
                        .append("\" r=\"3\" fill=\"")
                        .append(color)
                        .append("\"/>");
            } else if (!points.isEmpty()) {
                h.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
                        .append(color)
                        .append("\" points=\"")
                        .append(String.join(" ", points))
                        .append("\"/>");
            }
        }
        h.append("</svg>");
        legend(h, series.stream().map(Series::name).toList());
        h.append("</figure>");
        return h.toString();
    }

    /** Horizontal bars, one per label, scaled to the largest value. */
    static String bars(String title, List<String> labels, double[] values, String unit) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Double.isFinite(v) ? v : 0);
        }
        if (max <= 0) {
            max = 1;
        }
        int row = 22;
        int height = Math.max(row, labels.size() * row) + 8;
        int labelW = 170;
        int plot = WIDTH - labelW - 90;
        StringBuilder h = new StringBuilder(2048);
        h.append("<figure class=\"chart\"><figcaption>")
                .append(esc(title))
                .append("</figcaption><svg role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\"><title>")
                .append(esc(title))
                .append("</title>");
        for (int i = 0; i < labels.size(); i++) {
            double v = Double.isFinite(values[i]) ? values[i] : 0;
            double w = plot * v / max;
            int y = 4 + i * row;
            h.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>"
                            + "<text x=\"%.1f\" y=\"%d\">%s</text>",
                    labelW - 6,
                    y + 12,
                    esc(Fmt.cut(labels.get(i), 28)),
                    labelW,
                    y,
                    Math.max(1, w),
                    color(i),
                    labelW + Math.max(1, w) + 4,
                    y + 12,
                    esc(axis(v, unit))));
        }
        h.append("</svg></figure>");
        return h.toString();
    }

    private static void legend(StringBuilder h, List<String> names) {
        h.append("<div class=\"legend\">");
        for (int k = 0; k < names.size(); k++) {
            h.append("<span><i class=\"swatch\" style=\"background:")
                    .append(color(k))
                    .append("\"></i>")
                    .append(esc(names.get(k)))
                    .append("</span>");
        }
        h.append("</div>");
    }

    static String color(int k) {
        return COLORS.get(k % COLORS.size());
    }

    private static String axis(double v, String unit) {
        return switch (unit) {
            case "usd" ->
                v == 0
                        ? "$0"
                        : v < 0.01 ? String.format(Locale.ROOT, "$%.5f", v) : String.format(Locale.ROOT, "$%.2f", v);
            case "ms" -> Fmt.ms(v);
            default ->
                v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
        };
    }

    /** Text for SVG or HTML: {@code & < > " '} escaped. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
