package io.mlflowlite.cli;

import io.mlflowlite.prompt.PromptStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite prompts diff}: what changed between two versions. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = "Show the template lines and metadata that changed from version FROM to version TO.")
final class PromptsDiffCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private PromptsCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "NAME")
    private String name;

    @Parameters(index = "1", paramLabel = "FROM")
    private int from;

    @Parameters(index = "2", paramLabel = "TO")
    private int to;

    @Override
    public Integer call() {
        ExistingStore.require(store.url);
        try (PromptStore prompts = store.open()) {
            spec.commandLine()
                    .getOut()
                    .print(PromptsCommand.StoreOption.registry(prompts)
                            .diff(name, from, to)
                            .render());
        }
        return 0;
    }
}
