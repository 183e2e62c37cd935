package io.mlflowlite.cli;

import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStoreException;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.tracing.TraceStores;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlflowlite eval}: run evaluations, and read and compare the runs kept in the store. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate a model on a dataset with judges and code scorers; show, list and compare runs.",
        subcommands = {
            EvalRunCommand.class,
            EvalShowCommand.class,
            EvalListCommand.class,
            EvalCompareCommand.class,
            EvalJudgesCommand.class
        })
final class EvalCommand {
    /** The store option every eval subcommand shares: the same database as the traces by default. */
    static final class StoreOption {
        @Option(
                names = "--store",
                description = "Run store URL: jdbc:sqlite:<file> or jdbc:postgresql://… "
                        + "(default: $MLFLOWLITE_STORE, else ${DEFAULT-VALUE}).",
                defaultValue = "${env:MLFLOWLITE_STORE:-" + TraceStores.DEFAULT_URL + "}")
        String url;

        EvalRunStore open() {
            return EvalRunStores.open(url);
        }

        /** The run {@code runId} with its rows; an unknown id fails naming the newest runs there are. */
        static EvaluationResult load(EvalRunStore runs, String runId) {
            return runs.get(runId).orElseThrow(() -> {
                String recent = runs.recent(5).stream()
                        .map(r -> r.runId() + " '" + r.name() + "'")
                        .collect(Collectors.joining(", "));
                return new EvalRunStoreException("No evaluation run '" + runId + "' in " + runs.describe()
                        + (recent.isEmpty()
                                ? "; it holds no runs yet (start one with 'mlflowlite eval run')"
                                : "; newest runs: " + recent + " (list them with 'mlflowlite eval list')"));
            });
        }
    }
}
