package io.mlflowlite.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlflowlite completion}: the bash/zsh completion script for every command and option. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a bash/zsh completion script for mlflowlite. Load it in this shell with",
            "  source <(mlflowlite completion)",
            "or keep it: mlflowlite completion > /etc/bash_completion.d/mlflowlite (zsh: autoload -U bashcompinit; "
                    + "bashcompinit first)."
        })
final class CompletionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine()
                .getOut()
                .print(AutoComplete.bash("mlflowlite", spec.root().commandLine()));
        return ExitCodes.OK;
    }
}
