package io.mlflowlite.cli;

import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite prompts alias}: point an alias at a version, move it, or delete it. */
@Command(
        name = "alias",
        mixinStandardHelpOptions = true,
        description = "Point ALIAS of NAME at VERSION (creating or moving it), or --delete it. 'latest' is implicit.")
final class PromptsAliasCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PromptsCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "NAME")
    private String name;

    @Parameters(index = "1", paramLabel = "ALIAS")
    private String alias;

    @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION")
    private Integer version;

    @Option(names = "--delete", description = "Delete the alias.")
    private boolean delete;

    @Override
    public Integer call() {
        if (delete == (version != null)) {
            throw new IllegalArgumentException("Give a VERSION to set or move the alias, or --delete to remove it");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (PromptStore prompts = store.open()) {
            PromptRegistry registry = PromptsCommand.StoreOption.registry(prompts);
            if (delete) {
                registry.deleteAlias(name, alias);
                out.println("Deleted alias prompts:/" + name + "@" + alias);
            } else {
                OptionalInt before = registry.setAlias(name, alias, version);
                out.println("prompts:/" + name + "@" + alias + " -> " + version
                        + (before.isPresent() ? " (was " + before.getAsInt() + ")" : " (new)"));
            }
        }
        return 0;
    }
}
