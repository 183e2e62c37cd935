package io.mlflowlite.cli;

import io.mlflowlite.experiments.ExperimentService;
import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.ExperimentStores;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlflowlite experiments}: A/B tests and staged rollouts, from the store every gateway replica shares. */
@Command(
        name = "experiments",
        mixinStandardHelpOptions = true,
        description = "A/B tests and staged rollouts: list, show (with every transition and its evidence), report, "
                + "and pause, resume, promote or roll back. Gateways pick a change up within seconds.",
        subcommands = {
            ExperimentsListCommand.class,
            ExperimentsShowCommand.class,
            ExperimentsReportCommand.class,
            ExperimentsActionCommand.Pause.class,
            ExperimentsActionCommand.Resume.class,
            ExperimentsActionCommand.Promote.class,
            ExperimentsActionCommand.Rollback.class
        })
final class ExperimentsCommand {
    /** The store option every experiments subcommand shares: the database the gateways use. */
    static final class StoreOption {
        @Option(
                names = "--store",
                description = "Store URL: jdbc:sqlite:<file> or jdbc:postgresql://… "
                        + "(default: $MLFLOWLITE_STORE, else ${DEFAULT-VALUE}).",
                defaultValue = "${env:MLFLOWLITE_STORE:-" + TraceStores.DEFAULT_URL + "}")
        String url;

        /** The service over the store's experiments and traces; close both stores after use. */
        Opened open() {
            ExistingStore.require(url);
            ExperimentStore experiments = ExperimentStores.open(url);
            TraceStore traces;
            try {
                traces = TraceStores.open(url);
            } catch (RuntimeException e) {
                experiments.close();
                throw e;
            }
            return new Opened(experiments, traces, new ExperimentService(experiments, traces, Clock.systemUTC()));
        }
    }

    /** The stores a command opened, closed together. */
    record Opened(ExperimentStore experiments, TraceStore traces, ExperimentService service) implements AutoCloseable {
        @Override
        public void close() {
            try (traces) {
                experiments.close();
            }
        }
    }
}
