package io.mlflowlite.cli;

import io.mlflowlite.migrate.MigrationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite migrate report ID}: the migration's report, as Markdown or an HTML file. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "A migration's report: the gate's decision, quality per scorer with paired intervals, latency, "
                + "cost per 1,000 requests, regressed rows, the optimization and the rollout. Markdown on stdout; "
                + "--html and --md write files.")
final class MigrateReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private MigrateCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "ID", description = "The migration (mig-…).")
    private String id;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report (charts inline) here.")
    private Path html;

    @Option(names = "--md", paramLabel = "FILE", description = "Write the Markdown report here.")
    private Path md;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (MigrateCommand.Reading reading = store.read()) {
            MigrationReport report = reading.admin()
                    .report(id)
                    .orElseThrow(() -> new NotFoundException("No migration '" + id + "' in "
                            + reading.migrations().describe() + "; `mlflowlite migrate list` shows them"));
            if (html == null && md == null) {
                out.print(report.markdown());
                return ExitCodes.OK;
            }
            if (html != null) {
                write(html, report.html());
                out.println("wrote " + html);
            }
            if (md != null) {
                write(md, report.markdown());
                out.println("wrote " + md);
            }
        }
        return ExitCodes.OK;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
