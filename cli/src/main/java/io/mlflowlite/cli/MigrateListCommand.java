package io.mlflowlite.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlflowlite migrate list}: every migration, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List migrations, newest first.")
final class MigrateListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private MigrateCommand.StoreOption store;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (MigrateCommand.Reading reading = store.read()) {
            JsonNode list = reading.admin().list();
            if (output.json()) {
                OutputOption.print(out, list);
                return ExitCodes.OK;
            }
            if (list.path("migrations").isEmpty()) {
                out.println("No migrations in " + reading.migrations().describe()
                        + " (start one: mlflowlite migrate start --endpoint NAME --to MODEL)");
                return ExitCodes.OK;
            }
            out.printf("%-17s %-12s %-26s %-12s %-9s %s%n", "ID", "ENDPOINT", "MODELS", "STATUS", "GATE", "STARTED");
            for (JsonNode m : list.path("migrations")) {
                out.printf(
                        "%-17s %-12s %-26s %-12s %-9s %s%n",
                        m.path("id").asText(),
                        m.path("endpoint").asText(),
                        m.path("from_model").asText() + " -> "
                                + m.path("to_model").asText(),
                        m.path("status").asText(),
                        m.path("decision").asText("-"),
                        m.path("created").asText());
            }
        }
        return ExitCodes.OK;
    }
}
