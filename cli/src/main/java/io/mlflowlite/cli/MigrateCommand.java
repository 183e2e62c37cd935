package io.mlflowlite.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.ExperimentStores;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.migrate.MigrationAdminService;
import io.mlflowlite.migrate.MigrationService;
import io.mlflowlite.migrate.MigrationStore;
import io.mlflowlite.migrate.MigrationStores;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.Tracing;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlflowlite migrate}: move a gateway endpoint to a new model, step by step, resumable. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Move an endpoint to a new model: capture a baseline from its traces, evaluate both models, "
                + "optimize the candidate's prompt, compare with paired intervals and a go/no-go gate, roll it out "
                + "in stages, promote it (or roll everything back). Every step is recorded and resumable.",
        subcommands = {
            MigrateStartCommand.class,
            MigrateStatusCommand.class,
            MigrateResumeCommand.class,
            MigrateRollbackCommand.class,
            MigrateListCommand.class,
            MigrateReportCommand.class
        })
final class MigrateCommand {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    private MigrateCommand() {}

    /** The store option every migrate subcommand shares: the database the gateways use. */
    static final class StoreOption {
        @Option(
                names = "--store",
                description = "Store URL: jdbc:sqlite:<file> or jdbc:postgresql://… "
                        + "(default: $MLFLOWLITE_STORE, else ${DEFAULT-VALUE}).",
                defaultValue = "${env:MLFLOWLITE_STORE:-" + TraceStores.DEFAULT_URL + "}")
        String url;

        /** The read side: migrations and their runs, for status, list and report. */
        Reading read() {
            ExistingStore.require(url);
            MigrationStore migrations = MigrationStores.open(url);
            try {
                return new Reading(migrations, EvalRunStores.open(url));
            } catch (RuntimeException e) {
                migrations.close();
                throw e;
            }
        }
    }

    /** The stores a read command opened, closed together. */
    record Reading(MigrationStore migrations, EvalRunStore runs) implements AutoCloseable {
        MigrationAdminService admin() {
            return new MigrationAdminService(migrations, runs);
        }

        @Override
        public void close() {
            try (runs) {
                migrations.close();
            }
        }
    }

    /** Everything a migration runs on, opened on one store URL and closed together. */
    static final class Running implements AutoCloseable {
        final MigrationStore migrations;
        final EvalRunStore runs;
        final TraceStore traces;
        final PromptStore promptStore;
        final ExperimentStore experiments;
        final Gateway gateway;
        final Tracing tracing;
        final MigrationService service;

        Running(String url, PrintWriter out, Duration wait) {
            this.tracing = EvalRunCommand.tracingInto(url); // the evaluations' traces go where the migration is kept
            this.migrations = MigrationStores.open(url);
            this.runs = EvalRunStores.open(url);
            this.traces = TraceStores.open(url);
            this.promptStore = PromptStores.open(url);
            this.experiments = ExperimentStores.open(url);
            this.gateway =
                    Gateway.builder().env(System.getenv()).tracing(tracing).build();
            this.service = MigrationService.builder()
                    .store(migrations)
                    .gateway(gateway)
                    .traces(traces)
                    .runs(runs)
                    .prompts(new PromptRegistry(promptStore))
                    .experiments(experiments)
                    .scorers(name -> List.of(ScorerSpecs.parse(name)))
                    .progress(line -> {
                        out.println(line);
                        out.flush();
                    })
                    .rolloutWait(wait)
                    .build();
        }

        @Override
        public void close() {
            try (migrations;
                    runs;
                    traces;
                    promptStore;
                    experiments;
                    gateway) {
                tracing.flush(Duration.ofSeconds(30));
            }
        }
    }

    /** {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}, {@code 250ms}. */
    static Duration duration(String text, String option) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    option + ": expected a duration such as 30s, 10m, 2h or 7d, got '" + text + "'");
        }
        double v = Double.parseDouble(m.group(1));
        long ms = switch (m.group(2)) {
            case "ms" -> Math.round(v);
            case "s" -> Math.round(v * 1000);
            case "m" -> Math.round(v * 60_000);
            case "h" -> Math.round(v * 3_600_000);
            default -> Math.round(v * 86_400_000);
        };
        return Duration.ofMillis(ms);
    }

    /** Prints a migration and its events, as {@code migrate status} does. */
    static void print(PrintWriter out, JsonNode m) {
        out.println("Migration " + m.path("id").asText() + ": endpoint '"
                + m.path("endpoint").asText() + "' " + m.path("from_model").asText() + " -> "
                + m.path("to_model").asText());
        out.println("  status     " + m.path("status").asText() + ", next step "
                + m.path("next_step").asText()
                + (m.has("decision") ? ", gate " + m.path("decision").asText() : ""));
        out.println("  config     " + m.path("config").asText());
        if (m.has("experiment")) {
            out.println("  rollout    experiment " + m.path("experiment").asText() + " (mlflowlite experiments show "
                    + m.path("experiment").asText() + ")");
        }
        out.println("  started    " + m.path("created").asText() + ", updated "
                + m.path("updated").asText());
        if (m.has("events")) {
            out.println();
            out.printf("%-24s %-9s %-12s %s%n", "AT", "STEP", "DECISION", "SUMMARY");
            for (JsonNode e : m.path("events")) {
                out.printf(
                        "%-24s %-9s %-12s %s%n",
                        e.path("at").asText(),
                        e.path("step").asText(),
                        e.path("decision").asText(),
                        e.path("summary").asText());
            }
        }
    }
}
