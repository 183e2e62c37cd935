package io.mlflowlite.cli;

import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite traces delete}: by id, or everything older than a retention period. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete traces by id, or all older than --older-than (retention).")
final class TracesDeleteCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TracesCommand.StoreOption store;

    @Parameters(paramLabel = "TRACE_ID", arity = "0..*", description = "Trace ids to delete.")
    private List<String> ids;

    @Option(names = "--older-than", description = "Delete traces that started this long ago or earlier (30d, 12h).")
    private String olderThan;

    @Override
    public Integer call() {
        if ((ids == null || ids.isEmpty()) == (olderThan == null)) {
            throw new IllegalArgumentException("give trace ids or --older-than, not both and not neither");
        }
        ExistingStore.require(store.url);
        try (TraceStore traces = TraceStores.open(store.url)) {
            int deleted = olderThan != null
                    ? traces.deleteOlderThan(TraceFilters.instant(olderThan, "--older-than"))
                    : traces.delete(ids);
            spec.commandLine().getOut().println("deleted " + deleted + " trace(s) from " + traces.describe());
        }
        return 0;
    }
}
