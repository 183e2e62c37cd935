package io.mlflowlite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mlflowlite} command. */
@Command(
        name = "mlflowlite",
        mixinStandardHelpOptions = true,
        version = "mlflowlite 0.1.0-SNAPSHOT",
        description = "One API for every LLM provider, and the migration loop around it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:failed at run time (provider or store error, unknown id, a gate that did not pass)",
            "2:usage error (unknown option, missing or invalid value, missing file)"
        },
        subcommands = {
            QueryCommand.class,
            ModelsCommand.class,
            ServeCommand.class,
            UiCommand.class,
            TracesCommand.class,
            KeysCommand.class,
            PromptsCommand.class,
            EvalCommand.class,
            ExperimentsCommand.class,
            RouteCommand.class,
            MigrateCommand.class,
            DemoCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The JDK's choice of how virtual threads wait for sockets (read once, when the first one waits). */
    static final String POLLER_MODE = "jdk.pollerMode";

    public static void main(String[] args) {
        socketWaitDefault();
        CliLogging.configure(CliLogging.LogLevel.warn, CliLogging.Format.text);
        System.exit(run(args));
    }

    /**
     * Sets {@value #POLLER_MODE} to 1 unless the JVM options chose a mode. Mode 1: poller threads of their own hand
     * a virtual thread whose socket is ready straight to the scheduler. Linux's default (2) runs the pollers as
     * virtual threads that a master poller wakes: one more thread hand-off each time a request waits on its client
     * or its provider. ~11 % less CPU per proxied request in the server bench (docs/benchmarks.md);
     * {@code -Djdk.pollerMode=2} restores the default. Only takes effect before any virtual thread waits on a socket.
     */
    static void socketWaitDefault() {
        if (System.getProperty(POLLER_MODE) == null) {
            System.setProperty(POLLER_MODE, "1");
        }
    }

    /**
     * Runs the command line and returns its exit code ({@link ExitCodes}). The output writers are flushed here, once,
     * so no command can end the process with its output still buffered.
     */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
        }
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
