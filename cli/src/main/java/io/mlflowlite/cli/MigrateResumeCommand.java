package io.mlflowlite.cli;

import io.mlflowlite.migrate.Migration;
import java.io.PrintWriter;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite migrate resume ID}: runs a migration on from its first step not recorded. */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = "Run a migration on from the first step not recorded (after a crash, or to wait for its "
                + "rollout's outcome and promote).")
final class MigrateResumeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private MigrateCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "ID", description = "The migration (mig-…).")
    private String id;

    @Option(
            names = "--wait",
            defaultValue = "10m",
            paramLabel = "DURATION",
            description = "How long to wait for the rollout's outcome (default: ${DEFAULT-VALUE}).")
    private String wait;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ExistingStore.require(store.url);
        try (MigrateCommand.Running running =
                new MigrateCommand.Running(store.url, out, MigrateCommand.duration(wait, "--wait"))) {
            finish(out, running.service.resume(id));
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    /** The last lines of {@code start} and {@code resume}: where the migration stands and what to run next. */
    static void finish(PrintWriter out, Migration m) {
        out.println();
        out.println("migration  " + m.id() + "  " + m.status().label()
                + (m.status().ended() ? "" : ", next step " + m.step().label()));
        switch (m.status()) {
            case ROLLING_OUT, RUNNING ->
                out.println("next       mlflowlite migrate resume " + m.id() + "   (waits for the rollout, then "
                        + "promotes)");
            case PROMOTED -> out.println("undo       mlflowlite migrate rollback " + m.id());
            default -> {}
        }
        out.println("report     mlflowlite migrate report " + m.id() + " --html migration-" + m.id() + ".html");
        out.flush();
    }
}
