package io.mlflowlite.cli;

import io.mlflowlite.tracing.TraceStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlflowlite traces}: list, show, export and delete recorded traces. */
@Command(
        name = "traces",
        mixinStandardHelpOptions = true,
        description = "Browse the traces every call records: list, show, export, delete.",
        subcommands = {
            TracesListCommand.class,
            TracesShowCommand.class,
            TracesExportCommand.class,
            TracesDeleteCommand.class
        })
final class TracesCommand {
    /** The store option every traces subcommand shares. */
    static final class StoreOption {
        @Option(
                names = "--store",
                description = "Trace store URL: jdbc:sqlite:<file> or jdbc:postgresql://… "
                        + "(default: $MLFLOWLITE_STORE, else ${DEFAULT-VALUE}).",
                defaultValue = "${env:MLFLOWLITE_STORE:-" + TraceStores.DEFAULT_URL + "}")
        String url;
    }
}
