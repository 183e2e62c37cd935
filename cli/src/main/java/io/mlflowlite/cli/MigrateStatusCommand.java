package io.mlflowlite.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite migrate status ID}: where a migration stands, and every decision with its evidence. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show a migration: where it stands and every decision it made (--output json for the evidence).")
final class MigrateStatusCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private MigrateCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "ID", description = "The migration (mig-…).")
    private String id;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (MigrateCommand.Reading reading = store.read()) {
            JsonNode m = reading.admin()
                    .show(id)
                    .orElseThrow(() -> new NotFoundException("No migration '" + id + "' in "
                            + reading.migrations().describe() + "; `mlflowlite migrate list` shows them"));
            if (output.json()) {
                OutputOption.print(out, m);
            } else {
                MigrateCommand.print(out, m);
            }
        }
        return ExitCodes.OK;
    }
}
