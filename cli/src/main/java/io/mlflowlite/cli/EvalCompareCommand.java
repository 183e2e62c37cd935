package io.mlflowlite.cli;

import io.mlflowlite.eval.EvalComparison;
import io.mlflowlite.eval.EvalRunStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite eval compare}: a candidate run against a baseline, as a table and optionally an HTML report. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Compare CANDIDATE_ID against BASELINE_ID: per-scorer deltas with paired 95%% bootstrap CIs, "
                + "wins/losses/ties, latency and cost, and the rows that regressed.")
final class EvalCompareCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private EvalCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "BASELINE_ID", description = "The run to compare against (er-…).")
    private String baselineId;

    @Parameters(index = "1", paramLabel = "CANDIDATE_ID", description = "The run being judged (er-…).")
    private String candidateId;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report to FILE.")
    private Path html;

    @Option(
            names = "--max-regressions",
            defaultValue = "20",
            description = "Regressed rows to print (default ${DEFAULT-VALUE}; the HTML report lists all).")
    private int maxRegressions;

    @Option(
            names = "--fail-on-regression",
            description = "Exit 1 when the candidate is worse than the baseline on "
                    + "any scorer beyond the delta's 95%% interval (a CI gate).")
    private boolean failOnRegression;

    @Option(
            names = "--max-drop",
            paramLabel = "SCORER=DELTA",
            description = "Exit 1 when SCORER's delta is worse "
                    + "than -DELTA beyond its interval, e.g. correctness=0.05 (repeatable; implies the gate for that scorer, "
                    + "and sets its tolerance under --fail-on-regression).")
    private Map<String, Double> maxDrop = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        EvalComparison comparison;
        ExistingStore.require(store.url);
        try (EvalRunStore runs = store.open()) {
            comparison = EvalComparison.of(
                    EvalCommand.StoreOption.load(runs, baselineId), EvalCommand.StoreOption.load(runs, candidateId));
        }
        RegressionGate gate = new RegressionGate(failOnRegression, maxDrop);
        gate.checkNames(comparison);
        out.print(comparison.toTable(maxRegressions));
        if (html != null) {
            Path parent = html.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(html, comparison.toHtml(), StandardCharsets.UTF_8);
            out.println("\nreport     " + html);
        }
        if (gate.active()) {
            List<String> failures = gate.failures(comparison);
            if (!failures.isEmpty()) {
                out.flush();
                throw new GateFailedException(
                        "the candidate regressed beyond the interval: " + String.join("; ", failures));
            }
            out.println("\ngate       passed: no scorer is worse beyond its interval");
        }
        return ExitCodes.OK;
    }
}
