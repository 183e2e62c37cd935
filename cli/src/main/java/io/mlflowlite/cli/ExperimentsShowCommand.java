package io.mlflowlite.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite experiments show NAME}: one experiment and every transition with its evidence. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show an experiment: its variants, plan, stage and every transition with its evidence.")
final class ExperimentsShowCommand implements Callable<Integer> {
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
            JsonNode e = opened.service()
                    .show(name)
                    .orElseThrow(() -> new NotFoundException("No experiment '" + name + "' in "
                            + opened.experiments().describe() + "; `mlflowlite experiments list` shows them"));
            if (output.json()) {
                OutputOption.print(out, e);
                return ExitCodes.OK;
            }
            out.println("Experiment " + e.path("name").asText() + " (route "
                    + e.path("route").asText() + ", by " + e.path("unit").asText() + ")");
            out.println("  status   " + e.path("status").asText()
                    + (e.has("stage")
                            ? ", stage " + e.path("stage").asInt() + " of "
                                    + e.path("stages").asInt()
                            : "")
                    + ", since " + e.path("stage_started").asText());
            out.println("  split    " + ExperimentsListCommand.split(e));
            if (e.has("plan")) {
                out.println("  plan     " + e.path("plan"));
            }
            out.println();
            out.printf("%-24s %-9s %-11s %-10s %-10s %s%n", "AT", "ACTION", "STAGE", "CANDIDATE", "BY", "REASON");
            for (JsonNode t : e.path("transitions")) {
                out.printf(
                        "%-24s %-9s %-11s %-10s %-10s %s%n",
                        t.path("at").asText(),
                        t.path("action").asText(),
                        t.path("from_stage").asInt() + " → "
                                + t.path("to_stage").asInt(),
                        percent(t.path("candidate_percent").asDouble()),
                        t.path("actor").asText(),
                        t.path("reason").asText());
                if (t.path("evidence").size() > 0) {
                    out.println("    evidence: " + t.path("evidence"));
                }
            }
        }
        return ExitCodes.OK;
    }

    /** {@code 5%}, {@code 2.5%}. */
    static String percent(double value) {
        return (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)) + "%";
    }
}
