package io.mlflowlite.cli;

import io.mlflowlite.experiments.ExperimentReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite experiments report NAME}: per-variant metrics, always-valid intervals and the decision. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Report an experiment from its calls' traces: per-variant latency, cost, errors, fallbacks and "
                + "scores, each candidate's differences with always-valid 95%% intervals, and a decision (winner, "
                + "harm, or no difference yet). Safe to read as often as you like.")
final class ExperimentsReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ExperimentsCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "NAME", description = "The experiment.")
    private String name;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ExperimentsCommand.Opened opened = store.open()) {
            ExperimentReport report = opened.service()
                    .reportOf(name)
                    .orElseThrow(() -> new NotFoundException("No experiment '" + name + "' in "
                            + opened.experiments().describe() + "; `mlflowlite experiments list` shows them"));
            if (output.json()) {
                OutputOption.print(out, report.json());
            } else {
                report.print(out);
            }
        }
        return ExitCodes.OK;
    }
}
