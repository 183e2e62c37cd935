package io.mlflowlite.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlflowlite experiments list}: every experiment with its status and current split. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List experiments, newest first.")
final class ExperimentsListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ExperimentsCommand.StoreOption store;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ExperimentsCommand.Opened opened = store.open()) {
            JsonNode list = opened.service().list();
            if (output.json()) {
                OutputOption.print(out, list);
                return ExitCodes.OK;
            }
            out.printf("%-24s %-16s %-12s %-7s %s%n", "NAME", "ROUTE", "STATUS", "STAGE", "SPLIT");
            for (JsonNode e : list.path("experiments")) {
                out.printf(
                        "%-24s %-16s %-12s %-7s %s%n",
                        e.path("name").asText(),
                        e.path("route").asText(),
                        e.path("status").asText(),
                        e.has("stage")
                                ? e.path("stage").asInt() + "/"
                                        + e.path("stages").asInt()
                                : "-",
                        split(e));
            }
            if (list.path("experiments").isEmpty()) {
                out.println("(no experiments in " + opened.experiments().describe() + ")");
            }
        }
        return ExitCodes.OK;
    }

    /** {@code control 95%, candidate 5%}. */
    static String split(JsonNode experiment) {
        List<String> parts = new ArrayList<>();
        for (JsonNode v : experiment.path("variants")) {
            parts.add(v.path("name").asText() + " "
                    + ExperimentsShowCommand.percent(v.path("percent").asDouble()));
        }
        return String.join(", ", parts);
    }
}
