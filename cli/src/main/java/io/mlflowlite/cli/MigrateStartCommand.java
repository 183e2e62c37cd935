package io.mlflowlite.cli;

import io.mlflowlite.migrate.Migration;
import io.mlflowlite.migrate.MigrationGate;
import io.mlflowlite.migrate.MigrationSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlflowlite migrate start}: starts a migration and runs it as far as it goes. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = "Start migrating an endpoint to a new model and run it: baseline, evaluation, prompt "
                + "optimization, comparison and gate, then the staged rollout in the gateways serving --config.")
final class MigrateStartCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private MigrateCommand.StoreOption store;

    @Option(names = "--endpoint", required = true, paramLabel = "NAME", description = "The endpoint clients call.")
    private String endpoint;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "MODEL",
            description = "The candidate model, provider/name (mock/next, openai/gpt-4o-mini).")
    private String to;

    @Option(
            names = {"-c", "--config"},
            defaultValue = "gateway.yaml",
            paramLabel = "FILE",
            description = "The gateway configuration the gateways serve and reload (default: ${DEFAULT-VALUE}).")
    private Path config;

    @Option(
            names = "--dataset",
            paramLabel = "FILE",
            description = "Evaluate on this dataset (.jsonl, .json, .csv, or simulated:FAMILY[,FAMILY]) instead of "
                    + "capturing the endpoint's recent traces.")
    private String dataset;

    @Option(
            names = "--labels",
            paramLabel = "FILE",
            description = "With a capture: a dataset whose expectations join the captured rows with the same inputs.")
    private String labels;

    @Option(
            names = "--since",
            defaultValue = "7d",
            paramLabel = "DURATION",
            description = "How far back the capture reads traces (default: ${DEFAULT-VALUE}).")
    private String since;

    @Option(
            names = "--sample",
            defaultValue = "200",
            paramLabel = "N",
            description = "The most rows to keep (default: ${DEFAULT-VALUE}).")
    private int sample;

    @Option(
            names = "--max-traces",
            defaultValue = "5000",
            paramLabel = "N",
            description = "The most traces the capture reads (default: ${DEFAULT-VALUE}).")
    private int maxTraces;

    @Option(
            names = "--scorers",
            defaultValue = "task",
            paramLabel = "LIST",
            description = "Comma-separated scorers (default: ${DEFAULT-VALUE}: each row checked exactly by its "
                    + "expectations); agreement with today's answers is always measured. Any eval run scorer: "
                    + ScorerSpecs.HELP)
    private String scorers;

    @Option(
            names = "--gate",
            paramLabel = "FILE|KEY=VALUE",
            description = "A gate file (YAML: quality, min_agreement, latency_p95_increase, cost_increase, rollout), "
                    + "or thresholds: max_drop=0.02, max_drop.SCORER=0.05, min_agreement=0.6, "
                    + "latency_p95_increase=0.25, cost_increase=0. Repeatable.")
    private List<String> gate = new ArrayList<>();

    @Option(
            names = "--redact",
            paramLabel = "REGEX",
            description = "Mask this pattern in captured rows, besides secrets (e-mail addresses …). Repeatable.")
    private List<String> redact = new ArrayList<>();

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of sampling, answers and intervals (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--no-optimize", description = "Do not optimize the candidate's prompt.")
    private boolean noOptimize;

    @Option(
            names = "--optimize-budget",
            defaultValue = "300",
            paramLabel = "CALLS",
            description = "Model calls the prompt optimizer may spend (default: ${DEFAULT-VALUE}).")
    private int optimizeBudget;

    @Option(
            names = "--reflection-model",
            defaultValue = "mock/reflect",
            paramLabel = "MODEL",
            description = "The model the prompt optimizer asks for rewrites (default: ${DEFAULT-VALUE}, offline).")
    private String reflectionModel;

    @Option(
            names = "--wait",
            defaultValue = "0s",
            paramLabel = "DURATION",
            description = "How long to wait for the rollout's outcome before returning (default: ${DEFAULT-VALUE}; "
                    + "migrate resume waits again).")
    private String wait;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MigrationGate g = MigrationGate.defaults();
        List<String> thresholds = new ArrayList<>();
        for (String value : gate) {
            if (!value.contains("=")) {
                Path file = Path.of(value);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(
                            "--gate " + value + ": no such file (give a YAML gate file or KEY=VALUE thresholds)");
                }
                g = MigrationGate.fromFile(file);
            } else {
                thresholds.add(value);
            }
        }
        g = g.with(thresholds);
        MigrationSpec request = new MigrationSpec(
                endpoint,
                to,
                config,
                dataset,
                labels,
                MigrateCommand.duration(since, "--since"),
                sample,
                maxTraces,
                Arrays.stream(scorers.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                redact,
                g,
                seed,
                !noOptimize,
                optimizeBudget,
                reflectionModel);
        try (MigrateCommand.Running running =
                new MigrateCommand.Running(store.url, out, MigrateCommand.duration(wait, "--wait"))) {
            Migration m = running.service.start(request);
            MigrateResumeCommand.finish(out, m);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
