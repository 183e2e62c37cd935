package io.mlflowlite.cli;

import io.mlflowlite.eval.EvalRun;
import io.mlflowlite.eval.EvalRunStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite eval list}: the newest runs, or those whose name contains a query. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List evaluation runs, newest first (names containing QUERY, case-insensitive).")
final class EvalListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private EvalCommand.StoreOption store;

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "Part of a run name.")
    private String query = "";

    @Option(
            names = {"-n", "--limit"},
            defaultValue = "20",
            description = "Runs to list (default ${DEFAULT-VALUE}).")
    private int limit;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ExistingStore.require(store.url);
        try (EvalRunStore runs = store.open()) {
            List<EvalRun> found = query.isEmpty() ? runs.recent(limit) : runs.searchByName(query, limit);
            if (output.json()) {
                OutputOption.print(
                        out,
                        found.stream()
                                .map(r -> {
                                    java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
                                    json.put("run_id", r.runId());
                                    json.put("name", r.name());
                                    json.put("started_at", r.startedAt().toString());
                                    json.put("model", r.model().orElse(null));
                                    json.put("status", r.status().toString());
                                    json.put("rows", r.rowCount());
                                    json.put(
                                            "app_cost_usd",
                                            r.appUsage().costUsd().toPlainString());
                                    json.put(
                                            "judge_cost_usd",
                                            r.judgeUsage().costUsd().toPlainString());
                                    return json;
                                })
                                .toList());
                return ExitCodes.OK;
            }
            out.printf(
                    "%-35s %-16s %-24s %-20s %-8s %5s %11s %11s%n",
                    "RUN", "STARTED", "NAME", "MODEL", "STATUS", "ROWS", "APP COST", "JUDGE COST");
            for (EvalRun r : found) {
                out.printf(
                        "%-35s %-16s %-24s %-20s %-8s %5d %11s %11s%n",
                        r.runId(),
                        PromptsShowCommand.TIME.format(r.startedAt()),
                        TracesListCommand.abbreviate(r.name(), 24),
                        TracesListCommand.abbreviate(r.model().orElse("-"), 20),
                        r.status(),
                        r.rowCount(),
                        EvalShowCommand.dollars(r.appUsage().costUsd()),
                        EvalShowCommand.dollars(r.judgeUsage().costUsd()));
            }
            if (found.isEmpty()) {
                out.println("(no evaluation runs" + (query.isEmpty() ? "" : " named like '" + query + "'") + " in "
                        + runs.describe() + ")");
            }
        }
        return 0;
    }
}
