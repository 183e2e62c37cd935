package io.mlflowlite.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.eval.ComparisonCharts;
import io.mlflowlite.eval.ConfidenceInterval;
import io.mlflowlite.eval.EvalComparison;
import io.mlflowlite.eval.LatencyDelta;
import io.mlflowlite.eval.RowDiff;
import io.mlflowlite.eval.ScorerDelta;
import io.mlflowlite.eval.ValueKind;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A migration's report, as Markdown and as one self-contained HTML page (inline CSS and SVG, no script; or its
 * sections alone, for a page that embeds them): the decision with every check of the gate; the comparison — quality
 * per scorer with paired 95 % intervals, latency p50 and p95, cost per 1,000 requests, the regressed rows; the
 * prompt optimization; the rollout's history; and every event with its evidence. The charts are the evaluation
 * report's ({@link ComparisonCharts}). Values from the data (inputs, answers, reasons) are escaped. Immutable.
 */
public final class MigrationReport {
    private static final int MAX_ROWS = 20;

    private final Migration migration;
    private final List<MigrationEvent> events;
    private final Optional<EvalComparison> comparison;

    /**
     * @param comparison today's run against the candidate's (the optimized one when there is one), or empty before
     *                   the evaluation
     */
    public MigrationReport(Migration migration, List<MigrationEvent> events, Optional<EvalComparison> comparison) {
        this.migration = migration;
        this.events = List.copyOf(events);
        this.comparison = comparison;
    }

    private String title() {
        return "Migration " + migration.id() + ": endpoint '" + migration.endpoint() + "' from " + migration.fromModel()
                + " to " + migration.toModel();
    }

    private Optional<MigrationEvent> last(String step) {
        MigrationEvent found = null;
        for (MigrationEvent e : events) {
            if (e.step().equals(step)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    private List<MigrationEvent> rolloutEvents() {
        return events.stream()
                .filter(e -> e.step().equals("rollout")
                        || e.step().equals("rollback")
                        || e.step().equals("promote"))
                .toList();
    }

    // ------------------------------------------------------------------------------------------------ Markdown

    /** The report as Markdown. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title()).append("\n\n");
        md.append("Status: **")
                .append(migration.status().label())
                .append("**, next step: ")
                .append(migration.step().label())
                .append(". Started ")
                .append(migration.created())
                .append(".\n\n");
        md.append("## Decision\n\n");
        Optional<MigrationEvent> gate = last("compare");
        if (gate.isEmpty()) {
            md.append("The gate has not decided yet.\n\n");
        } else {
            md.append("**")
                    .append(gate.get().decision().toUpperCase(Locale.ROOT))
                    .append("** — ")
                    .append(gate.get().summary())
                    .append("\n\n");
            checks(gate.get()).markdown(md);
        }
        md.append("## Comparison\n\n");
        if (comparison.isEmpty()) {
            md.append("Not evaluated yet.\n\n");
        } else {
            EvalComparison c = comparison.get();
            md.append("Today: run `")
                    .append(c.baseline().runId())
                    .append("` (")
                    .append(c.baseline().model().orElse(""))
                    .append(c.baseline().promptVersion().map(p -> ", " + p).orElse(""))
                    .append("); candidate: run `")
                    .append(c.candidate().runId())
                    .append("` (")
                    .append(c.candidate().model().orElse(""))
                    .append(c.candidate().promptVersion().map(p -> ", " + p).orElse(""))
                    .append("); ")
                    .append(c.pairs().size())
                    .append(" paired rows.\n\n");
            md.append("### Quality\n\n");
            quality(c).markdown(md);
            md.append("### Latency\n\n");
            Optional<LatencyDelta> l = c.latency();
            if (l.isPresent()) {
                md.append("| | today | candidate | change |\n| --- | ---: | ---: | ---: |\n");
                md.append("| p50 | ")
                        .append(ms(l.get().baselineP50()))
                        .append(" | ")
                        .append(ms(l.get().candidateP50()))
                        .append(" | ")
                        .append(change(
                                l.get().baselineP50().toNanos(),
                                l.get().candidateP50().toNanos()))
                        .append(" |\n");
                md.append("| p95 | ")
                        .append(ms(l.get().baselineP95()))
                        .append(" | ")
                        .append(ms(l.get().candidateP95()))
                        .append(" | ")
                        .append(change(
                                l.get().baselineP95().toNanos(),
                                l.get().candidateP95().toNanos()))
                        .append(" |\n\n");
            } else {
                md.append("No latency measured on both sides.\n\n");
            }
            md.append("### Cost\n\n");
            BigDecimal before = per1000(c.cost().baselineApp().costUsd(), c);
            BigDecimal after = per1000(c.cost().candidateApp().costUsd(), c);
            md.append("Per 1,000 requests: today $")
                    .append(before.toPlainString())
                    .append(", candidate $")
                    .append(after.toPlainString())
                    .append(" (")
                    .append(change(before.doubleValue(), after.doubleValue()))
                    .append(").\n\n");
            md.append("### Regressed rows\n\n");
            List<RowDiff> regressions = MigrationService.regressions(c);
            md.append(regressions.size())
                    .append(" of ")
                    .append(c.pairs().size())
                    .append(" rows regressed on some scorer")
                    .append(regressions.isEmpty() ? ".\n\n" : ":\n\n");
            for (RowDiff d : regressions.stream().limit(MAX_ROWS).toList()) {
                md.append("- row ")
                        .append(d.candidate().index())
                        .append(" (")
                        .append(String.join(", ", MigrationService.qualityRegressions(d)))
                        .append("): ")
                        .append(cell(abbreviate(inputsText(d), 100)))
                        .append("\n  - today: ")
                        .append(cell(
                                abbreviate(String.valueOf(d.baselineOutputs().orElse("")), 100)))
                        .append("\n  - candidate: ")
                        .append(cell(
                                abbreviate(String.valueOf(d.candidateOutputs().orElse("")), 100)))
                        .append('\n');
            }
            if (regressions.size() > MAX_ROWS) {
                md.append("- … and ").append(regressions.size() - MAX_ROWS).append(" more\n");
            }
            md.append('\n');
        }
        md.append("## Prompt optimization\n\n");
        md.append(last("optimize")
                        .map(e -> "**" + e.decision() + "** — " + e.summary())
                        .orElse("Not run yet."))
                .append("\n\n");
        md.append("## Rollout\n\n");
        List<MigrationEvent> rollout = rolloutEvents();
        if (rollout.isEmpty()) {
            md.append("Not started.\n\n");
        } else {
            eventTable(rollout, "what happened").markdown(md);
        }
        md.append("## Events\n\n");
        eventTable(events, "summary").markdown(md);
        return md.toString();
    }

    // ---------------------------------------------------------------------------------------------------- HTML

    /** The report as one self-contained HTML page. */
    public String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title()))
                .append("</title>\n<style>")
                .append(CSS)
                .append("</style></head><body>\n");
        h.append("<h1>")
                .append(esc(title()))
                .append("</h1>\n<p>Status <b>")
                .append(esc(migration.status().label()))
                .append("</b>, next step ")
                .append(esc(migration.step().label()))
                .append(", started ")
                .append(esc(migration.created().toString()))
                .append(".</p>\n");
        sections(h);
        h.append("<footer>mlflowlite migrate · generated ")
                .append(esc(DateTimeFormatter.ISO_INSTANT.format(migration.updated())))
                .append("</footer></body></html>\n");
        return h.toString();
    }

    /**
     * The report's sections — the decision, the comparison, the optimization, the rollout and every event with its
     * evidence — without the page, title and status line of {@link #html()} around them, for a page that embeds
     * them (the web UI's migration page). Every value from the data is escaped, as in {@link #html()}; style them
     * with {@link #htmlStyle()}.
     */
    public String htmlFragment() {
        StringBuilder h = new StringBuilder();
        sections(h);
        return h.toString();
    }

    /** The CSS rules {@link #html()} and {@link #htmlFragment()} are drawn with. */
    public static String htmlStyle() {
        return CSS;
    }

    private void sections(StringBuilder h) {
        h.append("<section id=\"decision\"><h2>Decision</h2>\n");
        Optional<MigrationEvent> gate = last("compare");
        if (gate.isEmpty()) {
            h.append("<p>The gate has not decided yet.</p>\n");
        } else {
            boolean go = gate.get().decision().equals("go");
            h.append("<p class=\"")
                    .append(go ? "better" : "worse")
                    .append("\">")
                    .append(esc(gate.get().decision().toUpperCase(Locale.ROOT)))
                    .append("</p><p>")
                    .append(esc(gate.get().summary()))
                    .append("</p>\n");
            checks(gate.get()).html(h);
        }
        h.append("</section>\n");

        h.append("<section id=\"comparison\"><h2>Comparison</h2>\n");
        if (comparison.isEmpty()) {
            h.append("<p>Not evaluated yet.</p>\n");
        } else {
            comparisonHtml(h, comparison.get());
        }
        h.append("</section>\n");

        h.append("<section id=\"optimization\"><h2>Prompt optimization</h2>\n<p>")
                .append(esc(last("optimize")
                        .map(e -> e.decision() + ": " + e.summary())
                        .orElse("Not run yet.")))
                .append("</p></section>\n");

        h.append("<section id=\"rollout\"><h2>Rollout</h2>\n");
        List<MigrationEvent> rollout = rolloutEvents();
        if (rollout.isEmpty()) {
            h.append("<p>Not started.</p>\n");
        } else {
            List<String> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            List<Boolean> candidate = new ArrayList<>();
            for (MigrationEvent e : rollout) {
                if (e.evidence().has("candidate_percent")) {
                    double percent = e.evidence().path("candidate_percent").asDouble();
                    labels.add((labels.size() + 1) + " " + e.decision());
                    values.add(percent);
                    texts.add(MigrationService.fmt(percent) + " %");
                    candidate.add(true);
                }
            }
            if (!labels.isEmpty()) {
                h.append("<div class=\"charts\">")
                        .append(ComparisonCharts.barsSvg(
                                "Candidate's share of calls after each transition", labels, values, texts, candidate))
                        .append("</div>\n");
            }
            eventTable(rollout, "what happened").html(h);
        }
        h.append("</section>\n");

        h.append("<section id=\"events\"><h2>Every decision with its evidence</h2>\n");
        for (MigrationEvent e : events) {
            h.append("<details class=\"row\"><summary>")
                    .append(esc(e.at().toString()))
                    .append(" · ")
                    .append(esc(e.step()))
                    .append(" · ")
                    .append(esc(e.decision()))
                    .append(" — ")
                    .append(esc(e.summary()))
                    .append("</summary><pre>")
                    .append(esc(e.evidence().toPrettyString()))
                    .append("</pre></details>\n");
        }
        h.append("</section>\n");
    }

    private static void comparisonHtml(StringBuilder h, EvalComparison c) {
        h.append("<p>Today: run <code>")
                .append(esc(c.baseline().runId()))
                .append("</code> (")
                .append(esc(c.baseline().model().orElse("")))
                .append(esc(c.baseline().promptVersion().map(p -> ", " + p).orElse("")))
                .append("); candidate: run <code>")
                .append(esc(c.candidate().runId()))
                .append("</code> (")
                .append(esc(c.candidate().model().orElse("")))
                .append(esc(c.candidate().promptVersion().map(p -> ", " + p).orElse("")))
                .append("); ")
                .append(c.pairs().size())
                .append(" paired rows.</p>\n");
        h.append("<h3>Quality</h3>\n");
        quality(c).html(h);
        h.append("<div class=\"charts\">\n");
        for (ScorerDelta s : c.scorers()) {
            h.append(ComparisonCharts.scorerSvg(s));
        }
        h.append("</div>\n<h3>Latency</h3>\n");
        Optional<LatencyDelta> l = c.latency();
        if (l.isPresent()) {
            h.append("<p>p50 ")
                    .append(ms(l.get().baselineP50()))
                    .append(" → ")
                    .append(ms(l.get().candidateP50()))
                    .append(" (")
                    .append(change(
                            l.get().baselineP50().toNanos(),
                            l.get().candidateP50().toNanos()))
                    .append("), p95 ")
                    .append(ms(l.get().baselineP95()))
                    .append(" → ")
                    .append(ms(l.get().candidateP95()))
                    .append(" (")
                    .append(change(
                            l.get().baselineP95().toNanos(),
                            l.get().candidateP95().toNanos()))
                    .append(") over ")
                    .append(l.get().rows())
                    .append(" rows.</p>\n<div class=\"charts\">")
                    .append(ComparisonCharts.latencySvg(l.get()));
            h.append(histogram(c)).append("</div>\n");
        } else {
            h.append("<p>No latency measured on both sides.</p>\n");
        }
        BigDecimal before = per1000(c.cost().baselineApp().costUsd(), c);
        BigDecimal after = per1000(c.cost().candidateApp().costUsd(), c);
        h.append("<h3>Cost</h3>\n<p>Per 1,000 requests: today $")
                .append(before.toPlainString())
                .append(", candidate $")
                .append(after.toPlainString())
                .append(" (")
                .append(change(before.doubleValue(), after.doubleValue()))
                .append(").</p>\n<div class=\"charts\">")
                .append(ComparisonCharts.barsSvg(
                        "Cost per 1,000 requests (USD)",
                        List.of("today", "candidate"),
                        List.of(before.doubleValue(), after.doubleValue()),
                        List.of("$" + before.toPlainString(), "$" + after.toPlainString()),
                        List.of(false, true)))
                .append(ComparisonCharts.costSvg(c.cost()))
                .append("</div>\n");
        List<RowDiff> regressions = MigrationService.regressions(c);
        h.append("<h3>Regressed rows</h3>\n<p>")
                .append(regressions.size())
                .append(" of ")
                .append(c.pairs().size())
                .append(" rows regressed on a quality scorer (agreement alone does not count).</p>\n");
        for (RowDiff d : regressions.stream().limit(MAX_ROWS).toList()) {
            h.append("<details class=\"row\"><summary>row ")
                    .append(d.candidate().index())
                    .append(": ")
                    .append(esc(String.join(", ", MigrationService.qualityRegressions(d))))
                    .append("</summary><pre>")
                    .append(esc(inputsText(d)))
                    .append("</pre><div class=\"sides\"><div><div class=\"label\">today</div><pre>")
                    .append(esc(String.valueOf(d.baselineOutputs().orElse(""))))
                    .append("</pre></div><div><div class=\"label\">candidate</div><pre>")
                    .append(esc(String.valueOf(d.candidateOutputs().orElse(""))))
                    .append("</pre></div></div></details>\n");
        }
        if (regressions.size() > MAX_ROWS) {
            h.append("<p class=\"note\">… and ")
                    .append(regressions.size() - MAX_ROWS)
                    .append(" more.</p>\n");
        }
    }

    /** The latency distribution of both runs: the share of rows per latency band. */
    private static String histogram(EvalComparison c) {
        List<Double> today = new ArrayList<>();
        List<Double> candidate = new ArrayList<>();
        for (RowDiff d : c.pairs()) {
            long a = d.baseline().latency().toMillis();
            long b = d.candidate().latency().toMillis();
            if (a > 0 && b > 0) {
                today.add((double) a);
                candidate.add((double) b);
            }
        }
        if (today.isEmpty()) {
            return "";
        }
        double max = Math.max(
                today.stream().mapToDouble(Double::doubleValue).max().orElse(1),
                candidate.stream().mapToDouble(Double::doubleValue).max().orElse(1));
        int bands = 5;
        double width = Math.max(1, Math.ceil(max / bands));
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Boolean> isCandidate = new ArrayList<>();
        for (int i = 0; i < bands; i++) {
            double lo = i * width;
            double hi = (i + 1) * width;
            for (int side = 0; side < 2; side++) {
                List<Double> xs = side == 0 ? today : candidate;
                long n = xs.stream()
                        .filter(x -> x >= lo && (x < hi || hi >= max && x <= hi))
                        .count();
                double share = (double) n / xs.size();
                labels.add(String.format(Locale.ROOT, "%s<%.0f", side == 0 ? "t " : "c ", hi));
                values.add(share);
                texts.add(String.format(Locale.ROOT, "%.0f%%", 100 * share));
                isCandidate.add(side == 1);
            }
        }
        return ComparisonCharts.barsSvg(
                "Latency distribution (ms; t today, c candidate)", labels, values, texts, isCandidate);
    }

    // ---------------------------------------------------------------------------------------------- formatting

    // ------------------------------------------------------------------------------------------ both formats

    /** The gate's checks, each passed or not, with its evidence. */
    private static Table checks(MigrationEvent gate) {
        Table t = new Table(List.of("check", "passed", "evidence"));
        for (JsonNode c : gate.evidence().path("checks")) {
            boolean passed = c.path("passed").asBoolean();
            t.row(
                    Cell.of(c.path("check").asText()),
                    new Cell(passed ? "yes" : "no", passed ? "better" : "worse"),
                    Cell.of(c.path("evidence").asText()));
        }
        return t;
    }

    /** Quality per scorer: both means, the paired delta with its interval, wins, losses and the verdict. */
    private static Table quality(EvalComparison c) {
        Table t = new Table(
                List.of("scorer", "today", "candidate", "delta", "paired 95 % interval", "wins", "losses", "result"),
                1,
                2,
                3,
                5,
                6);
        for (ScorerDelta s : c.scorers()) {
            String result = result(s);
            t.row(
                    Cell.of(s.name()),
                    Cell.of(mean(s, s.baselineMean().orElse(Double.NaN))),
                    Cell.of(mean(s, s.candidateMean().orElse(Double.NaN))),
                    Cell.of(delta(s)),
                    Cell.of(interval(s)),
                    Cell.of(String.valueOf(s.wins())),
                    Cell.of(String.valueOf(s.losses())),
                    new Cell(result, result.equals("better") || result.equals("worse") ? result : ""));
        }
        return t;
    }

    /** Events one per row: when, which step, the decision and {@code what} (its summary). */
    private static Table eventTable(List<MigrationEvent> events, String what) {
        Table t = new Table(List.of("at", "step", "decision", what));
        for (MigrationEvent e : events) {
            t.row(Cell.of(e.at().toString()), Cell.of(e.step()), Cell.of(e.decision()), Cell.of(e.summary()));
        }
        return t;
    }

    /** A cell's text and its mark ({@code better}, {@code worse}, or empty): a class in HTML, bold for worse in Markdown. */
    private record Cell(String text, String mark) {
        static Cell of(String text) {
            return new Cell(text, "");
        }
    }

    /** A table shown in both formats, its numeric columns right-aligned. */
    private static final class Table {
        private final List<String> header;
        private final Set<Integer> numeric;
        private final List<Cell[]> rows = new ArrayList<>();

        Table(List<String> header, Integer... numericColumns) {
            this.header = header;
            this.numeric = Set.of(numericColumns);
        }

        void row(Cell... cells) {
            rows.add(cells);
        }

        void markdown(StringBuilder md) {
            md.append("| ").append(String.join(" | ", header)).append(" |\n|");
            for (int i = 0; i < header.size(); i++) {
                md.append(numeric.contains(i) ? " ---: |" : " --- |");
            }
            md.append('\n');
            for (Cell[] row : rows) {
                md.append('|');
                for (Cell c : row) {
                    String text = cell(c.text());
                    md.append(' ')
                            .append(c.mark().equals("worse") ? "**" + text + "**" : text)
                            .append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }

        void html(StringBuilder h) {
            h.append("<table><tr>");
            header.forEach(name -> h.append("<th>").append(esc(name)).append("</th>"));
            h.append("</tr>\n");
            for (Cell[] row : rows) {
                h.append("<tr>");
                for (int i = 0; i < row.length; i++) {
                    String css = (numeric.contains(i) ? "num " : "") + row[i].mark();
                    h.append(css.isBlank() ? "<td>" : "<td class=\"" + css.strip() + "\">")
                            .append(esc(row[i].text()))
                            .append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
    }

    private static BigDecimal per1000(BigDecimal total, EvalComparison c) {
        return MigrationService.per1000(total, Math.max(1, c.pairs().size()));
    }

    private static String inputsText(RowDiff d) {
        Object q = d.inputs().get("question");
        return q != null ? String.valueOf(q) : String.valueOf(d.inputs());
    }

    private static String mean(ScorerDelta s, double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return s.kind() == ValueKind.BOOLEAN
                ? String.format(Locale.ROOT, "%.1f%%", 100 * v)
                : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String delta(ScorerDelta s) {
        if (s.delta().isEmpty()) {
            return "–";
        }
        double d = s.delta().getAsDouble();
        return s.kind() == ValueKind.BOOLEAN
                ? String.format(Locale.ROOT, "%+.1f pt", 100 * d)
                : String.format(Locale.ROOT, "%+.4g", d);
    }

    private static String interval(ScorerDelta s) {
        if (s.deltaInterval().isEmpty()) {
            return "–";
        }
        ConfidenceInterval ci = s.deltaInterval().get();
        return s.kind() == ValueKind.BOOLEAN
                ? String.format(Locale.ROOT, "[%+.1f, %+.1f] pt", 100 * ci.lower(), 100 * ci.upper())
                : String.format(Locale.ROOT, "[%+.4g, %+.4g]", ci.lower(), ci.upper());
    }

    private static String result(ScorerDelta s) {
        return s.significantlyWorse() ? "worse" : s.significantlyBetter() ? "better" : "no significant change";
    }

    private static String ms(java.time.Duration d) {
        return d.toMillis() + " ms";
    }

    private static String change(double before, double after) {
        if (before == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.1f%%", 100 * (after / before - 1));
    }

    private static String abbreviate(String text, int max) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    static String esc(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;\
            padding:0 1rem;color:#1d1d1f;line-height:1.4}
            h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
            h3{font-size:1rem;margin-top:1.2rem}
            table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem}
            th,td{border-bottom:1px solid #e5e5e5;padding:.3rem .6rem;text-align:left;vertical-align:top}
            th{background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .better{color:#18794e;font-weight:600}.worse{color:#c62828;font-weight:600}
            .note{color:#555}.charts{display:flex;flex-wrap:wrap;gap:1rem}
            figure{margin:0;border:1px solid #e5e5e5;border-radius:6px;padding:.5rem}
            figcaption{font-weight:600;font-size:.9rem;margin-bottom:.3rem}
            svg text{font-family:inherit;font-size:11px;fill:#333}
            details.row{border:1px solid #e5e5e5;border-radius:6px;padding:.5rem .8rem;margin:.6rem 0}
            summary{cursor:pointer}
            pre{background:#f6f6f6;padding:.5rem;border-radius:4px;white-space:pre-wrap;word-break:break-word;\
            margin:.2rem 0;font-size:.85rem}
            .sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.label{font-size:.8rem;color:#666}
            footer{margin-top:2rem;color:#777;font-size:.8rem}
            """;
}
