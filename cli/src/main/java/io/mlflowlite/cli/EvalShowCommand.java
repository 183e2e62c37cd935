package io.mlflowlite.cli;

import io.mlflowlite.chat.Cost;
import io.mlflowlite.eval.EvalRun;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvaluationResult;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite eval show}: one run's header and aggregates, its rows, or the whole run as JSON or CSV. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show an evaluation run: its settings, usage and aggregate scores; --rows adds every row.")
final class EvalShowCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private EvalCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id (er-…).")
    private String runId;

    @ArgGroup(exclusive = true)
    private Format format = new Format();

    static final class Format {
        @Option(names = "--rows", description = "Every row with its outputs, feedbacks, latency, tokens and cost.")
        boolean rows;

        @Option(names = "--json", description = "The run, aggregates and rows as JSON.")
        boolean json;

        @Option(names = "--csv", description = "One CSV line per row (values, rationales, statuses per scorer).")
        boolean csv;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        EvaluationResult result;
        ExistingStore.require(store.url);
        try (EvalRunStore runs = store.open()) {
            result = EvalCommand.StoreOption.load(runs, runId);
        }
        if (format.json) {
            out.println(result.toJson());
        } else if (format.csv) {
            out.print(result.toCsv());
        } else if (format.rows) {
            out.print(result.toTable());
        } else {
            header(out, result);
            out.println();
            out.print(result.aggregateScores());
            long failed = result.rowsWithErrors().size();
            if (failed > 0) {
                out.println();
                out.println(failed + " row(s) with errors: 'mlflowlite eval show " + runId + " --rows' lists them");
            }
        }
        out.flush();
        return 0;
    }

    static void header(PrintWriter out, EvaluationResult result) {
        EvalRun r = result.run();
        out.println("run        " + r.runId() + "  '" + r.name() + "'  " + r.status());
        r.model().ifPresent(m -> out.println("model      " + m));
        r.promptVersion().ifPresent(p -> out.println("prompt     " + p));
        out.println("dataset    " + r.rowCount() + " rows, fingerprint "
                + r.datasetFingerprint()
                        .substring(0, Math.min(12, r.datasetFingerprint().length()))
                + source(r.params().get("dataset_source")));
        out.println("scorers    " + (r.scorers().isEmpty() ? "-" : String.join(", ", r.scorers())));
        r.judgeModel()
                .ifPresent(j -> out.println("judge      " + r.params().getOrDefault("judge_models", j)
                        + (r.offlineJudging()
                                ? " (offline judging: embedding similarity and simple checks, not an LLM)"
                                : "")));
        out.println("started    " + PromptsShowCommand.TIME.format(r.startedAt())
                + r.endedAt()
                        .map(e -> String.format(
                                Locale.ROOT, ", took %.1f s", r.duration().toMillis() / 1000.0))
                        .orElse(" (not ended)"));
        out.println("app        " + r.appUsage());
        out.println("judges     " + r.judgeUsage() + " (" + r.judgeCalls() + " calls, " + r.judgeCacheHits()
                + " cache hits)");
        r.tags().forEach((k, v) -> out.println("tag        " + k + " = " + v));
    }

    private static String source(String source) {
        return source == null || source.isBlank() ? "" : ", from " + source;
    }

    static String dollars(BigDecimal value) {
        return Cost.usd(value);
    }
}
