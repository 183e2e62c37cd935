package io.mlflowlite.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for terminals: columns padded to their widest cell, numbers right-aligned, cells cut at a
 * maximum width with an ellipsis, line breaks shown as spaces. Not thread-safe.
 */
final class TextTable {
    static final int DEFAULT_MAX_WIDTH = 40;

    private final List<String> headers;
    private final List<Boolean> rightAligned;
    private final List<List<String>> rows = new ArrayList<>();
    private final int maxWidth;

    TextTable(List<String> headers, List<Boolean> rightAligned) {
        this(headers, rightAligned, DEFAULT_MAX_WIDTH);
    }

    TextTable(List<String> headers, List<Boolean> rightAligned, int maxWidth) {
        if (headers.size() != rightAligned.size()) {
            throw new IllegalArgumentException("one alignment per column");
        }
        this.headers = List.copyOf(headers);
        this.rightAligned = List.copyOf(rightAligned);
        this.maxWidth = maxWidth;
    }

    void add(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size());
        }
        rows.add(cells.stream().map(this::clean).toList());
    }

    String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, rule, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                text.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            text.append(rightAligned.get(c) ? pad + cell : cell + pad);
        }
        out.append(text.toString().stripTrailing()).append('\n');
    }

    private String clean(String cell) {
        String text = cell == null ? "" : cell.replaceAll("\\s+", " ").strip();
        return text.length() <= maxWidth ? text : text.substring(0, maxWidth - 1) + "…";
    }
}
