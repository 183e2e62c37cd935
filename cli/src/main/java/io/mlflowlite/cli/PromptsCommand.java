package io.mlflowlite.cli;

import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import io.mlflowlite.tracing.TraceStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlflowlite prompts}: the prompt registry from the command line. */
@Command(
        name = "prompts",
        mixinStandardHelpOptions = true,
        description = "The prompt registry: register versions, list, show, diff, set or delete aliases, and "
                + "optimize a prompt for a model.",
        subcommands = {
            PromptsRegisterCommand.class,
            PromptsListCommand.class,
            PromptsShowCommand.class,
            PromptsDiffCommand.class,
            PromptsAliasCommand.class,
            PromptsOptimizeCommand.class
        })
final class PromptsCommand {
    /** The store option every prompts subcommand shares: the same database as the traces by default. */
    static final class StoreOption {
        @Option(
                names = "--store",
                description = "Prompt store URL: jdbc:sqlite:<file> or jdbc:postgresql://… "
                        + "(default: $MLFLOWLITE_STORE, else ${DEFAULT-VALUE}).",
                defaultValue = "${env:MLFLOWLITE_STORE:-" + TraceStores.DEFAULT_URL + "}")
        String url;

        PromptStore open() {
            return PromptStores.open(url);
        }

        static PromptRegistry registry(PromptStore store) {
            return new PromptRegistry(store);
        }
    }
}
