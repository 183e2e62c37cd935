package io.mlflowlite.migrate.optimize;

import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.SharedGateway;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Searches for a better wording of a prompt version on a target model, and registers the winner as the prompt's next
 * version. Every candidate is scored by an ordinary traced {@link io.mlflowlite.eval.Evaluation} through the gateway
 * (the row's inputs fill the template's {@code {{variables}}}); a reflection model proposes rewrites from the failing
 * rows and their scorer rationales (docs/optimization.md).
 *
 * <pre>{@code
 * OptimizationResult r = PromptOptimizer.builder()
 *         .gateway(gateway).registry(registry)
 *         .prompt(registry.load("prompts:/triage/1"))
 *         .targetModel("mock/next")
 *         .trainData(SimulatedDatasets.load("classification"))
 *         .scorers(List.of(SimulatedDatasets.scorer("classification")))
 *         .budget(OptimizationBudget.calls(300))
 *         .algorithm(OptimizerAlgorithm.GEPA)
 *         .seed(7)
 *         .build().run();
 * System.out.println(r.summary());   // prompts:/triage/1 -> prompts:/triage/2: 40.0% -> 85.0% …
 * }</pre>
 *
 * <p>The budget is never exceeded: calls to the target and the reflection model are counted before they are made,
 * and the search stops cleanly when the next step could not be paid for, keeping enough calls to score a finalist on
 * the validation rows. With a checkpoint file the state is saved after every step, and running the same
 * optimization with the same file continues where it stopped (a finished one returns its result without calls).
 * Immutable once built; {@link #run()} blocks.
 */
public final class PromptOptimizer {
    /** The offline simulated reflection model used when none is given. */
    public static final String DEFAULT_REFLECTION_MODEL = "mock/reflect";

    private final Gateway gateway;
    private final PromptRegistry registry;
    private final PromptVersion prompt;
    private final String targetModel;
    private final Dataset trainData;
    private final Dataset validationData;
    private final List<Scorer> scorers;
    private final OptimizationBudget budget;
    private final OptimizerAlgorithm algorithm;
    private final String reflectionModel;
    private final long seed;
    private final Path checkpoint;
    private final Consumer<String> progress;
    private final int maxConcurrency;

    private PromptOptimizer(Builder b) {
        this.gateway = b.gateway;
        this.registry = Objects.requireNonNull(b.registry, "registry: where the winning prompt is registered");
        this.prompt = Objects.requireNonNull(b.prompt, "prompt: the prompt version to start from");
        this.targetModel = Objects.requireNonNull(b.targetModel, "targetModel: the model the prompt is for");
        this.trainData = Objects.requireNonNull(b.trainData, "trainData: the rows to optimize on");
        this.validationData = b.validationData;
        if (b.scorers.isEmpty()) {
            throw new IllegalArgumentException("scorers: give at least one scorer to optimize for");
        }
        this.scorers = List.copyOf(b.scorers);
        this.budget = b.budget;
        this.algorithm = b.algorithm;
        this.reflectionModel = b.reflectionModel;
        this.seed = b.seed;
        this.checkpoint = b.checkpoint;
        this.progress = b.progress;
        this.maxConcurrency = b.maxConcurrency;
        if (trainData.size() == 0) {
            throw new IllegalArgumentException("trainData has no rows");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs (or resumes) the search and registers the winner when it beats the start on the validation rows.
     *
     * @throws IllegalArgumentException when the budget cannot score the starting prompt, or the checkpoint belongs
     *                                  to another optimization
     */
    public OptimizationResult run() {
        List<EvalRow> train;
        List<EvalRow> val;
        if (validationData != null) {
            train = trainData.rows();
            val = validationData.rows();
        } else {
            List<List<EvalRow>> split = split(trainData.rows(), seed);
            train = split.get(0);
            val = split.get(1);
        }
        return new OptimizerRun(this, train, val).run();
    }

    /**
     * The default validation split: a seeded third of the rows (at least one) for validation, the rest for training;
     * fewer than 3 rows are used for both.
     */
    static List<List<EvalRow>> split(List<EvalRow> rows, long seed) {
        if (rows.size() < 3) {
            return List.of(rows, rows);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        int nVal = Math.max(1, Math.round(rows.size() / 3f));
        List<Integer> valIdx = new ArrayList<>(order.subList(0, nVal));
        List<Integer> trainIdx = new ArrayList<>(order.subList(nVal, order.size()));
        valIdx.sort(Integer::compare);
        trainIdx.sort(Integer::compare);
        return List.of(
                trainIdx.stream().map(rows::get).toList(),
                valIdx.stream().map(rows::get).toList());
    }

    Gateway gateway() {
        return gateway != null ? gateway : SharedGateway.get();
    }

    PromptRegistry registry() {
        return registry;
    }

    PromptVersion prompt() {
        return prompt;
    }

    String targetModel() {
        return targetModel;
    }

    List<Scorer> scorers() {
        return scorers;
    }

    OptimizationBudget budget() {
        return budget;
    }

    OptimizerAlgorithm algorithm() {
        return algorithm;
    }

    String reflectionModel() {
        return reflectionModel;
    }

    long seed() {
        return seed;
    }

    Path checkpoint() {
        return checkpoint;
    }

    int maxConcurrency() {
        return maxConcurrency;
    }

    void emit(String line) {
        if (progress != null) {
            progress.accept(line);
        }
    }

    /** Configures a {@link PromptOptimizer}. Not thread-safe. */
    public static final class Builder {
        private Gateway gateway;
        private PromptRegistry registry;
        private PromptVersion prompt;
        private String targetModel;
        private Dataset trainData;
        private Dataset validationData;
        private final List<Scorer> scorers = new ArrayList<>();
        private OptimizationBudget budget = OptimizationBudget.DEFAULT;
        private OptimizerAlgorithm algorithm = OptimizerAlgorithm.GEPA;
        private String reflectionModel = DEFAULT_REFLECTION_MODEL;
        private long seed = 42;
        private Path checkpoint;
        private Consumer<String> progress;
        private int maxConcurrency = 8;

        private Builder() {}

        /** The gateway every target and reflection call goes through (traced); default the shared gateway. */
        public Builder gateway(Gateway value) {
            this.gateway = value;
            return this;
        }

        /** Where the winner is registered, as the start prompt's next version (required). */
        public Builder registry(PromptRegistry value) {
            this.registry = value;
            return this;
        }

        /** The version to start from (required); its template's variables are filled from each row's inputs. */
        public Builder prompt(PromptVersion value) {
            this.prompt = value;
            return this;
        }

        /** The model the prompt is optimized for (required). */
        public Builder targetModel(String value) {
            this.targetModel = value;
            return this;
        }

        /** The rows to optimize on (required), with expectations the scorers read. */
        public Builder trainData(Dataset value) {
            this.trainData = value;
            return this;
        }

        /** Rows for the final comparison; default a seeded third of the training rows, held out of the search. */
        public Builder validationData(Dataset value) {
            this.validationData = value;
            return this;
        }

        /** What "better" means: the mean over rows of the scorers' mean (verdicts count 1/0). Required. */
        public Builder scorers(List<? extends Scorer> values) {
            this.scorers.addAll(values);
            return this;
        }

        public Builder scorers(Scorer... values) {
            this.scorers.addAll(List.of(values));
            return this;
        }

        /** Calls, cost and time the search may spend; default {@link OptimizationBudget#DEFAULT} (300 calls). */
        public Builder budget(OptimizationBudget value) {
            this.budget = Objects.requireNonNull(value, "budget");
            return this;
        }

        /** The search; default {@link OptimizerAlgorithm#GEPA}. */
        public Builder algorithm(OptimizerAlgorithm value) {
            this.algorithm = Objects.requireNonNull(value, "algorithm");
            return this;
        }

        /** The model that proposes rewrites; default {@value #DEFAULT_REFLECTION_MODEL_NAME} (offline, simulated). */
        public Builder reflectionModel(String value) {
            this.reflectionModel = Objects.requireNonNull(value, "reflectionModel");
            return this;
        }

        /** Seeds the split, the search's draws and every request (default 42). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** A JSON file the state is saved to after every step; an existing one is resumed. */
        public Builder checkpoint(Path value) {
            this.checkpoint = value;
            return this;
        }

        /** Receives one line per event (start, each candidate, finalists, result). */
        public Builder progress(Consumer<String> value) {
            this.progress = value;
            return this;
        }

        /** Rows evaluated at once (default 8). */
        public Builder maxConcurrency(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + value);
            }
            this.maxConcurrency = value;
            return this;
        }

        private static final String DEFAULT_REFLECTION_MODEL_NAME = DEFAULT_REFLECTION_MODEL;

        public PromptOptimizer build() {
            return new PromptOptimizer(this);
        }
    }
}
