package io.mlflowlite.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.eval.EvalRun;
import io.mlflowlite.eval.ScoreSummary;
import io.mlflowlite.migrate.Migration;
import io.mlflowlite.prompt.PromptDiff;
import io.mlflowlite.tracing.TraceInfo;
import java.util.List;
import java.util.Map;

/** What each page template is given: one record per page, all built by {@link WebPages}. */
public final class Views {
    private Views() {}

    /**
     * The frame of every page: title, the section the navigation marks, who is signed in, and the CSRF token of
     * the forms that POST (sign out).
     */
    public record Layout(String title, String section, boolean loginRequired, String role, String csrf) {
        /** The sections of the navigation, in order: path below /ui and label. */
        public List<Nav> nav() {
            return NAV;
        }
    }

    /** One entry of the navigation. */
    public record Nav(String section, String path, String label) {}

    /** The navigation. A new section adds its entry here and its pages in {@link WebPages}. */
    static final List<Nav> NAV = List.of(
            new Nav("overview", "/ui/", "Overview"),
            new Nav("traces", "/ui/traces", "Traces"),
            new Nav("evals", "/ui/evals", "Evaluations"),
            new Nav("prompts", "/ui/prompts", "Prompts"),
            new Nav("experiments", "/ui/experiments", "Experiments"),
            new Nav("migrations", "/ui/migrations", "Migrations"));

    public record LoginPage(Layout layout, String next, String error, boolean possible) {}

    public record ErrorPage(Layout layout, int status, String message) {}

    public record OverviewPage(Layout layout, Overview overview, List<String> ranges) {}

    /** The trace list with its filter form, the page, and the links to the next and first pages. */
    public record TracesPage(
            Layout layout,
            TraceFilter filter,
            List<TraceInfo> traces,
            String nextUrl,
            String firstUrl,
            String liveUrl,
            long storeSize) {}

    public record TracePage(Layout layout, TraceDetail trace) {}

    public record EvalsPage(Layout layout, List<EvalRun> runs) {}

    /** One row of a run: what went in and came out, and the verdicts with their rationales. */
    public record RowView(
            int index,
            String inputs,
            String outputs,
            String expectations,
            String error,
            List<Feedback> feedbacks,
            boolean failing,
            String traceId) {}

    public record EvalRunPage(
            Layout layout,
            EvalRun run,
            List<ScoreSummary> aggregates,
            List<RowView> rows,
            boolean failingOnly,
            int totalRows,
            int failingRows) {}

    /** A comparison of two runs: {@code html} is {@code EvalComparison.toHtmlFragment()}, escaped where it is made. */
    public record ComparePage(Layout layout, EvalRun baseline, EvalRun candidate, String html, String style) {}

    public record PromptSummary(String name, int latest, int versions, Map<String, Integer> aliases) {}

    public record PromptsPage(Layout layout, List<PromptSummary> prompts) {}

    /** One version of a prompt with its aliases and the newest traces that used it. */
    public record VersionView(
            int version,
            String created,
            String commitMessage,
            String template,
            List<String> aliases,
            List<TraceInfo> traces,
            boolean moreTraces) {}

    /** A line of a diff: {@code keep}, {@code add} or {@code del}. */
    public record DiffLine(String kind, String text) {}

    public record DiffView(int from, int to, List<DiffLine> lines, List<PromptDiff.Change> metadata, boolean empty) {}

    public record PromptPage(
            Layout layout, String name, List<VersionView> versions, Map<String, Integer> aliases, DiffView diff) {}

    public record ExperimentsPage(Layout layout, List<JsonNode> experiments) {}

    /** An experiment as the admin API shows it ({@code show}) and its report ({@code report}). */
    public record ExperimentPage(Layout layout, JsonNode experiment, JsonNode report) {}

    /** Every migration, newest first. */
    public record MigrationsPage(Layout layout, List<Migration> migrations) {}

    /**
     * A migration: its steps and links ({@code detail}) and its report's sections ({@code report}, {@code
     * MigrationReport.htmlFragment()}, escaped where it is made) with their CSS ({@code style}).
     */
    public record MigrationPage(Layout layout, MigrationDetail detail, String report, String style) {}
}
