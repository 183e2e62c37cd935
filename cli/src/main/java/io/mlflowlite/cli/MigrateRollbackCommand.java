package io.mlflowlite.cli;

import io.mlflowlite.migrate.Migration;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite migrate rollback ID}: restores the endpoint as it was before the migration. */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = "Restore what the endpoint served before the migration, in one step: the configuration file "
                + "(the gateways reload it), the prompt alias, and the rollout's experiment rolled back.")
final class MigrateRollbackCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private MigrateCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "ID", description = "The migration (mig-…).")
    private String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record.")
    private String reason;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ExistingStore.require(store.url);
        try (MigrateCommand.Running running = new MigrateCommand.Running(store.url, out, Duration.ZERO)) {
            Migration m = running.service.rollback(id, reason);
            out.println("migration  " + m.id() + "  " + m.status().label() + ": endpoint '" + m.endpoint() + "' serves "
                    + m.fromModel() + " again");
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
