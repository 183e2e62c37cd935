package io.mlflowlite.cli;

import io.mlflowlite.chat.Cost;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceJson;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlflowlite traces list}: recent traces as a table. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List traces, newest first.")
final class TracesListCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Spec
    private CommandSpec spec;

    @Mixin
    private TracesCommand.StoreOption store;

    @ArgGroup(exclusive = false)
    private TraceFilters filters = new TraceFilters();

    @Option(
            names = {"-n", "--limit"},
            defaultValue = "20",
            description = "Rows per page (default ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--page-token", description = "Continue from a previous page.")
    private String pageToken;

    @Option(
            names = "--include-judges",
            description = "Also list the calls LLM judges and scorers' embeddings "
                    + "made during evaluations (hidden by default: they are not your app's calls).")
    private boolean includeJudges;

    @Mixin
    private OutputOption output;

    /** The tag the evaluation's judge calls carry (io.mlflowlite.eval.JudgeCall). */
    static final String JUDGE_TAG = "mlflowlite.eval.judge";

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TraceQuery query = filters.query().pageSize(limit).pageToken(pageToken).build();
        ExistingStore.require(store.url);
        try (TraceStore traces = TraceStores.open(store.url)) {
            TracePage page = traces.search(query);
            List<TraceInfo> shown = page.traces().stream()
                    .filter(t -> includeJudges || !t.tags().containsKey(JUDGE_TAG))
                    .toList();
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("traces", shown.stream().map(TraceJson::infoJson).toList());
                json.put("next_page_token", page.nextPageToken().orElse(null));
                OutputOption.print(out, json);
                return ExitCodes.OK;
            }
            // the variant column only when some listed call was routed by an A/B test
            boolean variants = shown.stream().anyMatch(t -> t.tags().containsKey(TraceFilters.VARIANT_TAG));
            String variantHeader = variants ? String.format("%-16s ", "VARIANT") : "";
            out.printf(
                    "%-35s %-19s %-20s %s%-6s %9s %8s %11s  %s%n",
                    "TRACE", "TIME", "MODEL", variantHeader, "STATUS", "LATENCY", "TOKENS", "COST", "REQUEST");
            for (TraceInfo t : shown) {
                String variant = variants
                        ? String.format("%-16s ", abbreviate(t.tags().getOrDefault(TraceFilters.VARIANT_TAG, "-"), 16))
                        : "";
                out.printf(
                        "%-35s %-19s %-20s %s%-6s %7d ms %8d %11s  %s%n",
                        t.traceId(),
                        TIME.format(t.startTime()),
                        abbreviate(t.model() == null ? "-" : t.model(), 20),
                        variant,
                        t.state(),
                        t.duration().toMillis(),
                        t.totalTokens(),
                        Cost.usd(t.cost()),
                        abbreviate(oneLine(t.requestPreview()), 60));
            }
            if (shown.isEmpty()) {
                out.println("(no traces match in " + traces.describe() + ")");
            }
            int hidden = page.traces().size() - shown.size();
            if (hidden > 0) {
                out.println("(" + hidden + " judge call(s) hidden; --include-judges shows them)");
            }
            page.nextPageToken().ifPresent(token -> out.println("\nmore: --page-token " + token));
        }
        return ExitCodes.OK;
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
