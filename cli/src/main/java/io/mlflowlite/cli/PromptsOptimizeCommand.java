package io.mlflowlite.cli;

import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.migrate.optimize.Candidate;
import io.mlflowlite.migrate.optimize.OptimizationBudget;
import io.mlflowlite.migrate.optimize.OptimizationResult;
import io.mlflowlite.migrate.optimize.OptimizerAlgorithm;
import io.mlflowlite.migrate.optimize.PromptOptimizer;
import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptUri;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.tracing.Tracing;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite prompts optimize}: search for a better wording of a prompt on a model, register the winner. */
@Command(
        name = "optimize",
        mixinStandardHelpOptions = true,
        description = "Search for a better version of a prompt on --model (GEPA or metaprompting, scored on --data "
                + "with --scorers, within a budget of model calls), print each candidate and the before/after, and "
                + "register the winner as the prompt's next version.")
final class PromptsOptimizeCommand implements Callable<Integer> {
    private static final String SIMULATED = "simulated:";

    @Spec
    private CommandSpec spec;

    @Mixin
    private PromptsCommand.StoreOption store;

    @Parameters(
            index = "0",
            paramLabel = "PROMPT",
            description = "NAME (its latest version), NAME/VERSION, or a prompt URI (prompts:/NAME/3, "
                    + "prompts:/NAME@production).")
    private String prompt;

    @Option(
            names = {"-m", "--model"},
            required = true,
            description = "The target model the prompt is optimized for.")
    private String model;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "FILE",
            description = "Training rows: .jsonl, .json or .csv, or simulated:FAMILY (factual, arithmetic, "
                    + "word_problems, extraction, summarization, classification).")
    private Path data;

    @Option(
            names = "--validation-data",
            paramLabel = "FILE",
            description = "Rows for the final comparison (default: a seeded third of --data, held out).")
    private Path validationData;

    @Option(
            names = "--scorers",
            split = ",",
            paramLabel = "NAME",
            description = "Comma-separated: " + ScorerSpecs.HELP + " (default for simulated:FAMILY: its scorer).")
    private List<String> scorers;

    @Option(
            names = "--algorithm",
            defaultValue = "gepa",
            description = "gepa (reflective evolution, Pareto front, few-shot moves) or metaprompt (default "
                    + "${DEFAULT-VALUE}).")
    private String algorithm;

    @Option(
            names = "--max-calls",
            defaultValue = "300",
            description = "Model calls at most, target and reflection together (default ${DEFAULT-VALUE}).")
    private int maxCalls;

    @Option(names = "--max-cost", paramLabel = "USD", description = "US dollars at most.")
    private BigDecimal maxCost;

    @Option(names = "--max-seconds", description = "Wall-clock seconds at most.")
    private Long maxSeconds;

    @Option(
            names = "--reflection-model",
            defaultValue = PromptOptimizer.DEFAULT_REFLECTION_MODEL,
            description = "The model that proposes rewrites (default ${DEFAULT-VALUE}, offline and simulated).")
    private String reflectionModel;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split, the search and the requests.")
    private long seed;

    @Option(
            names = "--checkpoint",
            paramLabel = "FILE",
            description = "Save the state to this JSON file after every step; an existing one is resumed.")
    private Path checkpoint;

    @Option(names = "--quiet", description = "Print no progress on stderr.")
    private boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Dataset train = dataset(data, "--data");
        Dataset validation = validationData == null ? null : dataset(validationData, "--validation-data");
        List<Scorer> scorerList = scorers();
        OptimizationBudget budget = OptimizationBudget.calls(maxCalls);
        if (maxCost != null) {
            budget = budget.withMaxCost(maxCost);
        }
        if (maxSeconds != null) {
            budget = budget.withMaxTime(Duration.ofSeconds(maxSeconds));
        }
        ExistingStore.require(store.url);
        OptimizationResult r;
        try (PromptStore prompts = store.open();
                Gateway gateway = Gateway.fromEnv()) {
            PromptRegistry registry = PromptsCommand.StoreOption.registry(prompts);
            PromptVersion start = registry.load(uri(prompt));
            PromptOptimizer.Builder optimizer = PromptOptimizer.builder()
                    .gateway(gateway)
                    .registry(registry)
                    .prompt(start)
                    .targetModel(model)
                    .trainData(train)
                    .validationData(validation)
                    .scorers(scorerList)
                    .budget(budget)
                    .algorithm(OptimizerAlgorithm.parse(algorithm))
                    .reflectionModel(reflectionModel)
                    .seed(seed)
                    .checkpoint(checkpoint);
            if (!quiet) {
                optimizer.progress(line -> {
                    err.println(line);
                    err.flush();
                });
            }
            try {
                r = optimizer.build().run();
            } finally {
                Tracing.global().flush(Duration.ofSeconds(30));
            }
        }
        out.printf(
                Locale.ROOT,
                "before  %s  %.1f%%  (%d validation rows)%n",
                r.startPrompt().uri(),
                r.scoreBefore() * 100,
                r.validationRows());
        out.printf(
                Locale.ROOT,
                "after   %s  %.1f%%  %s%n",
                r.bestPrompt().uri(),
                r.scoreAfter() * 100,
                r.improved() ? "(registered)" : "(nothing beat the start; no version registered)");
        Candidate best = r.bestCandidate();
        out.println("moves   " + path(r, best));
        out.println("budget  " + r.budgetUsed());
        out.println();
        if (r.bestPrompt().template().text().isPresent()) {
            out.println(r.bestPrompt().template().text().get());
        } else {
            for (PromptMessage m : r.bestPrompt().template().messages()) {
                out.println("[" + m.role() + "]");
                out.println(m.content());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The moves from the start to {@code best}: {@code start -> reflect: state the output format -> …}. */
    private static String path(OptimizationResult r, Candidate best) {
        StringBuilder s = new StringBuilder();
        Candidate c = best;
        java.util.ArrayDeque<String> moves = new java.util.ArrayDeque<>();
        while (c != null) {
            moves.push("c" + c.id() + " " + c.move());
            c = c.parent().isPresent() ? r.history().get(c.parent().getAsInt()) : null;
        }
        moves.forEach(m -> s.append(s.isEmpty() ? "" : " -> ").append(m));
        return s.toString();
    }

    private List<Scorer> scorers() {
        if (scorers != null && !scorers.isEmpty()) {
            return ScorerSpecs.parse(scorers);
        }
        if (data.toString().startsWith(SIMULATED)) {
            return List.of(SimulatedDatasets.scorer(data.toString().substring(SIMULATED.length())));
        }
        throw new IllegalArgumentException("--scorers is required for a data file (e.g. --scorers label_match)");
    }

    private static Dataset dataset(Path file, String option) {
        if (!file.toString().startsWith(SIMULATED) && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " file not found: " + file.toAbsolutePath()
                    + " (give a .jsonl, .json or .csv file of rows, or simulated:FAMILY)");
        }
        return EvalRunCommand.load(file);
    }

    /** {@code NAME} → its latest version, {@code NAME/3} → version 3, a URI as it is. */
    static String uri(String text) {
        if (text.startsWith(PromptUri.PREFIX)) {
            return text;
        }
        int slash = text.indexOf('/');
        return slash < 0
                ? PromptUri.PREFIX + text + "@" + PromptUri.LATEST
                : PromptUri.PREFIX + text.substring(0, slash) + "/" + text.substring(slash + 1);
    }
}
