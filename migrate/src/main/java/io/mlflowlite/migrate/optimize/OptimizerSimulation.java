package io.mlflowlite.migrate.optimize;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.Evaluation;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The prompt optimizers judged on the simulated world (docs/simulated-world.md), where the best prompt is known: for
 * each case (a model, a dataset family, a starting prompt, and the best prompt its documented profile allows) the
 * rows are split in half by a seed; the optimizer gets one half (which it splits into training and validation
 * rows), and the other half — never seen by the search — measures the start, a random few-shot baseline (three
 * random training rows as examples), the optimized prompt and the documented best. {@code bench/run optimize}
 * prints {@link #table}. Thread-safe; {@link #run} blocks.
 */
public final class OptimizerSimulation {
    /** The gap (best − start) the optimized prompt must recover, on held-out rows. */
    public static final double TARGET_RECOVERY = 0.80;

    /**
     * One case.
     *
     * @param model  the target model
     * @param family the simulated dataset
     * @param start  the starting template
     * @param best   the best template the documented profile allows ({@code EXAMPLES} is replaced by an examples
     *               block of three training rows)
     */
    public record Case(String model, String family, String start, String best) {
        @Override
        public String toString() {
            return model + " " + family;
        }
    }

    /** The measured scores of one case and seed, on the held-out rows. */
    public record Outcome(
            Case c,
            long seed,
            OptimizerAlgorithm algorithm,
            int testRows,
            double start,
            double randomFewShot,
            double optimized,
            double best,
            BudgetUsed used,
            String winner) {
        /** (optimized − start) / (best − start); 1 when there is no gap. */
        public double recovered() {
            return best - start <= 1e-9 ? 1.0 : (optimized - start) / (best - start);
        }
    }

    /** The published cases: format and examples for next, step by step and a constraint for mini. */
    public static List<Case> cases() {
        return List.of(
                new Case(
                        "mock/next",
                        "classification",
                        "{{question}}",
                        "EXAMPLES{{question}}\nRespond with only the label."),
                new Case(
                        "mock/next",
                        "extraction",
                        "{{question}}",
                        "EXAMPLES{{question}}\nReturn only the JSON object, with no other text."),
                new Case("mock/mini", "word_problems", "{{question}}", "{{question}}\nThink step by step."),
                new Case(
                        "mock/mini",
                        "summarization",
                        "{{question}}",
                        "{{question}}\nThe summary must keep every name, number and date."),
                new Case(
                        "mock/mini",
                        "extraction",
                        "{{question}}",
                        "EXAMPLES{{question}}\nReturn only the JSON object, with no other text."));
    }

    private OptimizerSimulation() {}

    /** Runs {@code c} once with {@code seed}: optimizes on half the rows, measures everything on the other half. */
    public static Outcome run(Gateway gateway, Case c, OptimizerAlgorithm algorithm, long seed, int maxCalls) {
        List<EvalRow> rows = new ArrayList<>(SimulatedDatasets.load(c.family()).rows());
        Collections.shuffle(rows, new Random(seed));
        int half = rows.size() / 2;
        List<EvalRow> optimize = rows.subList(0, half);
        List<EvalRow> test = rows.subList(half, rows.size());
        Scorer scorer = SimulatedDatasets.scorer(c.family());
        PromptRegistry registry = PromptRegistry.inMemory();
        PromptVersion start = registry.register(c.family(), PromptTemplate.text(c.start()), "start");
        OptimizationResult result = PromptOptimizer.builder()
                .gateway(gateway)
                .registry(registry)
                .prompt(start)
                .targetModel(c.model())
                .trainData(Dataset.of(optimize))
                .scorers(List.of(scorer))
                .budget(OptimizationBudget.calls(maxCalls))
                .algorithm(algorithm)
                .seed(seed)
                .build()
                .run();
        List<EvalRow> shuffledTrain = new ArrayList<>(optimize);
        Collections.shuffle(shuffledTrain, new Random(seed * 7919 + 1));
        String examples = OptimizerRun.examplesBlock(shuffledTrain.subList(0, 3));
        String best = c.best().replace("EXAMPLES", examples);
        long testSeed = 10_000 + seed;
        return new Outcome(
                c,
                seed,
                algorithm,
                test.size(),
                score(gateway, c.model(), c.start(), test, scorer, testSeed),
                score(gateway, c.model(), examples + c.start(), test, scorer, testSeed),
                score(
                        gateway,
                        c.model(),
                        PromptText.editable(result.bestPrompt().template()),
                        test,
                        scorer,
                        testSeed),
                score(gateway, c.model(), best, test, scorer, testSeed),
                result.budgetUsed(),
                result.bestCandidate().move());
    }

    /** The mean score of {@code template} on {@code rows} (a traced evaluation, seeded requests). */
    public static double score(
            Gateway gateway, String model, String template, List<EvalRow> rows, Scorer scorer, long seed) {
        PromptTemplate t = PromptTemplate.text(template);
        var result = Evaluation.builder()
                .data(Dataset.of(rows))
                .predictFn(inputs -> gateway.completion(ChatRequest.builder()
                                .model(model)
                                .addUserMessage(t.format(inputs).text())
                                .seed(seed)
                                .build())
                        .content())
                .scorers(scorer)
                .gateway(gateway)
                .seed(seed)
                .build()
                .run();
        return result.rows().stream()
                .mapToDouble(r -> OptimizerRun.rowEval(r).score())
                .average()
                .orElse(0);
    }

    /** A Markdown table: per case and algorithm, the means over seeds, and whether the targets are met. */
    public static String table(List<Outcome> outcomes) {
        StringBuilder s = new StringBuilder();
        s.append("| model | family | algorithm | held-out rows | start | random 3-shot | optimized | documented best "
                + "| gap recovered (min over seeds) | calls (max) | target |\n");
        s.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        List<String> keys = new ArrayList<>();
        outcomes.forEach(o -> {
            String k = o.c() + "|" + o.algorithm();
            if (!keys.contains(k)) {
                keys.add(k);
            }
        });
        for (String k : keys) {
            List<Outcome> group = outcomes.stream()
                    .filter(o -> (o.c() + "|" + o.algorithm()).equals(k))
                    .toList();
            Outcome first = group.get(0);
            double start = group.stream().mapToDouble(Outcome::start).average().orElse(0);
            double few =
                    group.stream().mapToDouble(Outcome::randomFewShot).average().orElse(0);
            double opt =
                    group.stream().mapToDouble(Outcome::optimized).average().orElse(0);
            double best = group.stream().mapToDouble(Outcome::best).average().orElse(0);
            double recovered = best - start <= 1e-9 ? 1 : (opt - start) / (best - start);
            double minRecovered =
                    group.stream().mapToDouble(Outcome::recovered).min().orElse(0);
            int calls = group.stream().mapToInt(o -> o.used().calls()).max().orElse(0);
            boolean pass = passes(group);
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.0f%% (%.0f%%) | %d | %s |\n",
                    first.c().model(),
                    first.c().family(),
                    first.algorithm().name().toLowerCase(Locale.ROOT),
                    first.testRows(),
                    start * 100,
                    few * 100,
                    opt * 100,
                    best * 100,
                    recovered * 100,
                    minRecovered * 100,
                    calls,
                    pass ? "met" : "MISSED"));
        }
        return s.toString();
    }

    /**
     * Whether a group of runs (one case, one algorithm, several seeds) meets the targets: on average over the seeds
     * it recovers at least {@value #TARGET_RECOVERY} of the gap and beats the random few-shot baseline (or equals it
     * when that baseline already reaches the documented best).
     */
    public static boolean passes(List<Outcome> group) {
        double start = group.stream().mapToDouble(Outcome::start).average().orElse(0);
        double few =
                group.stream().mapToDouble(Outcome::randomFewShot).average().orElse(0);
        double opt = group.stream().mapToDouble(Outcome::optimized).average().orElse(0);
        double best = group.stream().mapToDouble(Outcome::best).average().orElse(0);
        double recovered = best - start <= 1e-9 ? 1 : (opt - start) / (best - start);
        return recovered >= TARGET_RECOVERY && (opt > few || few >= best);
    }
}
