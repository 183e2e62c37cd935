package io.mlflowlite.cli;

import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mlflowlite traces list}: recent traces as a table. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List traces, newest first.")
final class TracesListCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Spec
    private CommandSpec spec;

    @Mixin
    private TracesCommand.StoreOption store;

    @ArgGroup(exclusive = false)
    private TraceFilters filters = new TraceFilters();

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "Rows per page (default ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--page-token", description = "Continue from a previous page.")
    private String pageToken;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TraceQuery query = filters.query().pageSize(limit).pageToken(pageToken).build();
        try (TraceStore traces = TraceStores.open(store.url)) {
            TracePage page = traces.search(query);
            out.printf("%-35s %-19s %-20s %-6s %9s %8s %11s  %s%n", "TRACE", "TIME", "MODEL", "STATUS", "LATENCY",
                    "TOKENS", "COST", "REQUEST");
            for (TraceInfo t : page.traces()) {
                out.printf("%-35s %-19s %-20s %-6s %7d ms %8d %11s  %s%n", t.traceId(), TIME.format(t.startTime()),
                        abbreviate(t.model() == null ? "-" : t.model(), 20), t.state(), t.duration().toMillis(),
                        t.totalTokens(), "$" + t.cost().stripTrailingZeros().toPlainString(),
                        abbreviate(oneLine(t.requestPreview()), 60));
            }
            if (page.traces().isEmpty()) {
                out.println("(no traces match in " + traces.describe() + ")");
            }
            page.nextPageToken().ifPresent(token -> out.println("\nmore: --page-token " + token));
        }
        return 0;
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
