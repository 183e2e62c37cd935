package io.mlflowlite.cli;

import io.mlflowlite.tracing.TraceStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlflowlite keys}: create, list and revoke the gateway's virtual API keys. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Virtual API keys for the gateway: create (the key is shown once), list, revoke.",
        subcommands = {KeysCreateCommand.class, KeysListCommand.class, KeysRevokeCommand.class})
final class KeysCommand {
    /** The store option every keys subcommand shares: the same database as the traces by default. */
    static final class StoreOption {
        @Option(
                names = "--store",
                description = "Key store URL: jdbc:sqlite:<file> or jdbc:postgresql://… "
                        + "(default: $MLFLOWLITE_STORE, else ${DEFAULT-VALUE}).",
                defaultValue = "${env:MLFLOWLITE_STORE:-" + TraceStores.DEFAULT_URL + "}")
        String url;
    }
}
