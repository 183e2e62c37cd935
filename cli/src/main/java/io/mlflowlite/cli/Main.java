package io.mlflowlite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mlflowlite} command. */
@Command(name = "mlflowlite", mixinStandardHelpOptions = true, version = "mlflowlite 0.1.0-SNAPSHOT",
        description = "One API for every LLM provider, and the migration loop around it.",
        subcommands = {QueryCommand.class, ModelsCommand.class, ServeCommand.class, TracesCommand.class,
                KeysCommand.class, PromptsCommand.class, EvalCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line; tests set its output writers. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
