package io.mlflowlite.cli;

import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.Evaluation;
import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.Tracing;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlflowlite eval run}: evaluate a model (or recorded outputs) on a dataset and keep the run in the store. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run --model on every row of --data (or score the rows' recorded outputs when no --model is "
                + "given), score with --scorers, save the run with each row's trace to the store, print the "
                + "aggregates and the run id.")
final class EvalRunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private static final String SIMULATED = "simulated:";

    @Mixin
    private EvalCommand.StoreOption store;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "FILE",
            description = "The dataset: .jsonl, .json or .csv rows of inputs / outputs / expectations, or "
                    + "simulated:FAMILY for a dataset of the simulated world (factual, arithmetic, word_problems, "
                    + "extraction, summarization, classification).")
    private Path data;

    @Option(
            names = {"-m", "--model"},
            description = "The model under evaluation (see 'mlflowlite models'); "
                    + "without it the rows' recorded outputs are scored.")
    private String model;

    @Option(
            names = "--prompt",
            paramLabel = "URI",
            description = "A prompt version (prompts:/NAME/3, "
                    + "prompts:/NAME@production) whose variables the row inputs fill.")
    private String prompt;

    @Option(
            names = "--scorers",
            required = true,
            split = ",",
            paramLabel = "NAME",
            description = "Comma-separated: " + ScorerSpecs.HELP + ".")
    private List<String> scorers;

    @Option(
            names = "--judge-model",
            description = "The model judges run on (default: an OpenAI or Anthropic "
                    + "judge when keyed, else the offline local/judge).")
    private String judgeModel;

    @Option(
            names = "--max-concurrency",
            defaultValue = "" + Evaluation.DEFAULT_MAX_CONCURRENCY,
            description = "Rows and judge calls in flight (default ${DEFAULT-VALUE}).")
    private int maxConcurrency;

    @Option(names = "--rpm", defaultValue = "0", description = "Judge calls per minute at most (0: no limit).")
    private int rpm;

    @Option(
            names = "--judge-cost-cap",
            paramLabel = "USD",
            description = "Stop judging once the judges cost this "
                    + "many dollars in this run (the rest is skipped, resumable).")
    private BigDecimal judgeCostCap;

    @Option(names = "--name", description = "The run's name (default eval-<UTC time>).")
    private String name;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the bootstrap intervals (default 0).")
    private long seed;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A label on the run (repeatable).")
    private Map<String, String> tags = new HashMap<>();

    @Option(names = "--no-progress", description = "Print no progress on stderr.")
    private boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!data.toString().startsWith(SIMULATED) && !Files.isRegularFile(data)) {
            throw new IllegalArgumentException(
                    "--data file not found: " + data.toAbsolutePath() + " (give a .jsonl, .json or .csv file of rows)");
        }
        Dataset dataset = load(data);
        Evaluation.Builder evaluation = Evaluation.builder()
                .name(name)
                .data(dataset)
                .scorers(ScorerSpecs.parse(scorers))
                .judgeModel(judgeModel)
                .maxConcurrency(maxConcurrency)
                .maxRequestsPerMinute(rpm)
                .judgeCostCapUsd(judgeCostCap)
                .seed(seed)
                .model(model);
        if (model == null && prompt != null) {
            throw new IllegalArgumentException("--prompt needs --model: the prompt is rendered for the model");
        }
        if (model == null
                && dataset.rows().stream().allMatch(row -> row.outputs().isEmpty())) {
            throw new IllegalArgumentException("Nothing to score: no --model was given and no row of " + data
                    + " has recorded outputs. Pass --model NAME to evaluate a model, or add an \"outputs\" field "
                    + "to the rows to score recorded answers.");
        }
        tags.forEach(evaluation::tag);
        Tracing tracing = tracingInto(store.url);
        ProgressBar progress = new ProgressBar(err, ProgressBar.stderrIsTerminal());
        EvaluationResult result;
        try (EvalRunStore runs = store.open();
                Gateway gateway = Gateway.fromEnv()) {
            if (model != null) {
                PromptVersion version = prompt == null ? null : loadPrompt(prompt);
                evaluation.predictFn(new ModelPredictFn(gateway, model, version));
                if (version != null) {
                    evaluation.promptVersion(version.uri().toString());
                }
            } else if (prompt != null) {
                throw new IllegalArgumentException("--prompt needs --model: the prompt is rendered for the model");
            }
            evaluation.gateway(gateway).store(runs);
            if (!noProgress) {
                evaluation.progress(progress);
            }
            try {
                result = evaluation.build().run();
            } finally {
                progress.finish();
                // the rows link to their traces: have them in the store before the run id is handed out
                tracing.flush(Duration.ofSeconds(30));
            }
        }
        out.print(result.aggregateScores());
        out.println();
        EvalShowCommand.header(out, result);
        int failed = result.rowsWithErrors().size();
        if (failed > 0) {
            out.println("errors     " + failed + " row(s): 'mlflowlite eval show "
                    + result.run().runId() + " --rows' lists them");
        }
        out.println();
        out.println("run id     " + result.run().runId());
        out.flush();
        return 0;
    }

    static Dataset load(Path file) {
        if (file.toString().startsWith(SIMULATED)) {
            return SimulatedDatasets.load(file.toString().substring(SIMULATED.length()));
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return Dataset.fromCsv(file);
        }
        if (lower.endsWith(".json")) {
            return Dataset.fromJson(file);
        }
        return Dataset.fromJsonl(file);
    }

    private PromptVersion loadPrompt(String uri) {
        try (PromptStore prompts = PromptStores.open(store.url)) {
            return new PromptRegistry(prompts).load(uri);
        }
    }

    /**
     * The tracing the predictions record into: the process-wide one when it already writes to {@code url}, else a
     * new one on {@code url} made process-wide, so each row's trace id resolves in the store holding the run.
     */
    static Tracing tracingInto(String url) {
        Map<String, String> env = new HashMap<>(System.getenv());
        String envUrl = env.getOrDefault("MLFLOWLITE_STORE", "");
        if (envUrl.isBlank()
                ? url.equals(TraceStores.DEFAULT_URL)
                : envUrl.strip().equals(url)) {
            return Tracing.global();
        }
        env.put("MLFLOWLITE_STORE", url);
        Tracing tracing = Tracing.fromEnv(env);
        Tracing.setGlobal(tracing);
        return tracing;
    }
}
