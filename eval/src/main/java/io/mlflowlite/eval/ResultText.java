package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.chat.FeedbackValues;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The terminal table and the CSV export of a result. */
final class ResultText {
    private static final int MAX_ERRORS_SHOWN = 10;

    private ResultText() {}

    static String table(EvaluationResult result) {
        EvalRun run = result.run();
        StringBuilder out = new StringBuilder();
        out.append("Evaluation ")
                .append(run.name())
                .append(" (")
                .append(run.runId())
                .append(") ")
                .append(run.status())
                .append(", ")
                .append(result.rows().size())
                .append(" rows");
        run.endedAt()
                .ifPresent(end -> out.append(", ")
                        .append(String.format(
                                Locale.ROOT, "%.1f s", run.duration().toMillis() / 1000.0)));
        out.append('\n');
        List<String> facts = new ArrayList<>();
        run.model().ifPresent(m -> facts.add("model " + m));
        run.promptVersion().ifPresent(p -> facts.add("prompt " + p));
        if (run.params().containsKey("judge_models")) {
            facts.add("judge " + run.params().get("judge_models")
                    + (run.offlineJudging()
                            ? " (offline judging: embedding similarity and simple checks, not an LLM)"
                            : ""));
        }
        if (!facts.isEmpty()) {
            out.append(String.join("  ", facts)).append('\n');
        }
        out.append("app ")
                .append(run.appUsage())
                .append("   judges ")
                .append(run.judgeUsage())
                .append(" (")
                .append(run.judgeCalls())
                .append(" calls, ")
                .append(run.judgeCacheHits())
                .append(" cache hits)\n\n");

        List<String> names = names(result);
        List<String> headers = new ArrayList<>(List.of("#", "inputs", "outputs"));
        List<Boolean> right = new ArrayList<>(List.of(true, false, false));
        for (String name : names) {
            headers.add(name);
            right.add(false);
        }
        headers.addAll(List.of("latency", "tokens", "cost", "error"));
        right.addAll(List.of(true, true, true, false));
        TextTable table = new TextTable(headers, right);
        for (RowResult row : result.rows()) {
            List<String> cells = new ArrayList<>();
            cells.add(Integer.toString(row.index()));
            cells.add(TextOf.request(row.inputs()));
            cells.add(row.outputs().map(TextOf::outputs).orElse(""));
            for (String name : names) {
                cells.add(row.feedback(name).map(Feedback::display).orElse(""));
            }
            cells.add(
                    row.latency().isZero()
                            ? ""
                            : String.format(Locale.ROOT, "%.2f s", row.latency().toNanos() / 1e9));
            cells.add(
                    row.usage().totalTokens() == 0
                            ? ""
                            : Long.toString(row.usage().totalTokens()));
            cells.add(
                    row.usage().costUsd().signum() == 0
                            ? ""
                            : "$" + plain(row.usage().costUsd()));
            cells.add(row.error().orElse(""));
            table.add(cells);
        }
        out.append(table.render()).append('\n').append(result.aggregateScores());
        List<String> problems = problems(result);
        if (!problems.isEmpty()) {
            out.append('\n').append("Errors (").append(problems.size()).append("; resume() redoes them):\n");
            problems.stream()
                    .limit(MAX_ERRORS_SHOWN)
                    .forEach(p -> out.append("  ").append(p).append('\n'));
            if (problems.size() > MAX_ERRORS_SHOWN) {
                out.append("  … and ")
                        .append(problems.size() - MAX_ERRORS_SHOWN)
                        .append(" more\n");
            }
        }
        return out.toString();
    }

    private static List<String> problems(EvaluationResult result) {
        List<String> problems = new ArrayList<>();
        for (RowResult row : result.rows()) {
            row.error().ifPresent(e -> problems.add("row " + row.index() + ": prediction failed: " + e));
            if (row.error().isEmpty()) {
                row.feedbacks().stream()
                        .filter(Feedback::isError)
                        .forEach(f -> problems.add("row " + row.index() + " " + f.name() + ": " + f.rationale()));
            }
        }
        return problems;
    }

    static String csv(EvaluationResult result) {
        List<String> names = names(result);
        List<String> header = new ArrayList<>(List.of(
                "index",
                "trace_id",
                "inputs",
                "outputs",
                "expectations",
                "error",
                "latency_ms",
                "input_tokens",
                "output_tokens",
                "cost_usd",
                "judge_cost_usd"));
        for (String name : names) {
            header.addAll(List.of(name, name + ".rationale", name + ".status", name + ".source"));
        }
        StringBuilder out = new StringBuilder();
        line(out, header);
        for (RowResult row : result.rows()) {
            List<String> cells = new ArrayList<>();
            cells.add(Integer.toString(row.index()));
            cells.add(row.traceId().orElse(""));
            cells.add(Json.tree(row.inputs()).toString());
            cells.add(row.outputs()
                    .map(o -> o instanceof String s ? s : Json.tree(o).toString())
                    .orElse(""));
            cells.add(Json.tree(row.expectations()).toString());
            cells.add(row.error().orElse(""));
            cells.add(BigDecimal.valueOf(row.latency().toNanos(), 6)
                    .stripTrailingZeros()
                    .toPlainString());
            cells.add(Long.toString(row.usage().inputTokens()));
            cells.add(Long.toString(row.usage().outputTokens()));
            cells.add(plain(row.usage().costUsd()));
            cells.add(plain(row.judgeUsage().costUsd()));
            for (String name : names) {
                Feedback f = row.feedback(name).orElse(null);
                cells.add(f == null || f.value() == null ? "" : FeedbackValues.display(f.value()));
                cells.add(f == null ? "" : f.rationale());
                cells.add(f == null ? "" : f.status().name().toLowerCase(Locale.ROOT));
                cells.add(f == null || f.source() == null ? "" : f.source());
            }
            line(out, cells);
        }
        return out.toString();
    }

    /** Feedback names in the order they first appear. */
    private static List<String> names(EvaluationResult result) {
        Set<String> names = new LinkedHashSet<>();
        result.rows().forEach(r -> r.feedbacks().forEach(f -> names.add(f.name())));
        return List.copyOf(names);
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    /** RFC 4180: quote cells holding a comma, quote or line break; double the quotes inside. */
    static String cell(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
