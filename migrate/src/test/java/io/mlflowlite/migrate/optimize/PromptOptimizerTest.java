package io.mlflowlite.migrate.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.provider.mock.MockModels;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimizers on simulated models where the better prompt is known; budgets; checkpoints. */
class PromptOptimizerTest {
    private final AtomicInteger targetCalls = new AtomicInteger();
    private final AtomicInteger reflectionCalls = new AtomicInteger();
    private final Gateway gateway = Gateway.builder()
            .mockModels(MockModels.bundled().withLatencyScale(0))
            .interceptor(chain -> {
                (chain.request().model().equals("mock/reflect") ? reflectionCalls : targetCalls).incrementAndGet();
                return chain.proceed(chain.request());
            })
            .build();
    private final PromptRegistry registry = PromptRegistry.inMemory();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        gateway.close();
    }

    private PromptOptimizer.Builder optimizer(String name, String model, String family, OptimizerAlgorithm algorithm) {
        PromptVersion start = registry.register(name, PromptTemplate.text("{{question}}"), "bare question");
        return PromptOptimizer.builder()
                .gateway(gateway)
                .registry(registry)
                .prompt(start)
                .targetModel(model)
                .trainData(SimulatedDatasets.load(family))
                .scorers(List.of(SimulatedDatasets.scorer(family)))
                .budget(OptimizationBudget.calls(300))
                .algorithm(algorithm)
                .seed(7);
    }

    @Test
    void gepaFindsTheFormatStatementForNextOnClassification() {
        List<String> events = new ArrayList<>();
        OptimizationResult r = optimizer("triage", "mock/next", "classification", OptimizerAlgorithm.GEPA)
                .progress(events::add)
                .build()
                .run();

        assertThat(r.improved()).isTrue();
        assertThat(r.bestPrompt().uri().toString()).isEqualTo("prompts:/triage/2");
        assertThat(r.bestPrompt().template().text().orElseThrow())
                .contains("Respond with only the label.")
                .endsWith("{{question}}\nRespond with only the label.");
        assertThat(r.scoreBefore()).isLessThan(0.6);
        assertThat(r.scoreAfter()).isGreaterThanOrEqualTo(0.8);
        assertThat(r.history().get(0).move()).isEqualTo("start");
        assertThat(r.history())
                .anyMatch(c -> c.move().equals("reflect: state the output format")
                        && c.status().equals("accepted"));
        assertThat(r.budgetUsed().calls())
                .isLessThanOrEqualTo(300)
                .isEqualTo(targetCalls.get() + reflectionCalls.get());
        assertThat(r.budgetUsed().reflectionCalls())
                .isEqualTo(reflectionCalls.get())
                .isPositive();
        Map<String, String> tags = r.bestPrompt().tags();
        assertThat(tags)
                .containsEntry("mlflowlite.optimize.source", "prompts:/triage/1")
                .containsEntry("mlflowlite.optimize.algorithm", "gepa")
                .containsEntry("mlflowlite.optimize.target_model", "mock/next")
                .containsKeys(
                        "mlflowlite.optimize.score_before",
                        "mlflowlite.optimize.score_after",
                        "mlflowlite.optimize.history",
                        "mlflowlite.optimize.calls",
                        "mlflowlite.optimize.cost_usd");
        assertThat(r.bestPrompt().commitMessage()).contains("Optimized from version 1 for mock/next by gepa");
        assertThat(events.get(0)).startsWith("optimizing prompts:/triage/1 for mock/next with gepa");
        assertThat(events).anyMatch(e -> e.startsWith("registered prompts:/triage/2"));
    }

    @Test
    void metapromptFindsStepByStepForMiniOnWordProblems() {
        OptimizationResult r = optimizer("math", "mock/mini", "word_problems", OptimizerAlgorithm.METAPROMPT)
                .build()
                .run();

        assertThat(r.improved()).isTrue();
        assertThat(r.bestPrompt().template().text().orElseThrow()).contains("Think step by step.");
        assertThat(r.scoreAfter() - r.scoreBefore()).isGreaterThan(0.1);
        assertThat(r.history())
                .allMatch(c -> c.move().equals("start") || c.move().startsWith("reflect: "));
    }

    @Test
    void gepaFindsTheConstraintForMiniOnSummaries() {
        OptimizationResult r = optimizer("summary", "mock/mini", "summarization", OptimizerAlgorithm.GEPA)
                .build()
                .run();

        assertThat(r.improved()).isTrue();
        assertThat(r.bestPrompt().template().text().orElseThrow()).contains("must keep every name, number and date");
    }

    @Test
    void nothingBetterLeavesTheStartPrompt() {
        // mock/pro on factual: no prompt feature changes its accuracy, and the scorer is not format-sensitive
        OptimizationResult r = optimizer("facts", "mock/pro", "factual", OptimizerAlgorithm.METAPROMPT)
                .budget(OptimizationBudget.calls(120))
                .build()
                .run();

        assertThat(r.improved()).isFalse();
        assertThat(r.bestPrompt()).isEqualTo(r.startPrompt());
        assertThat(r.scoreAfter()).isEqualTo(r.scoreBefore());
        assertThat(registry.versions("facts")).hasSize(1);
    }

    @Test
    void callsAreNeverExceeded() {
        for (int maxCalls : new int[] {60, 61, 77, 100, 133}) {
            targetCalls.set(0);
            reflectionCalls.set(0);
            for (OptimizerAlgorithm algorithm : OptimizerAlgorithm.values()) {
                OptimizationResult r = optimizer(
                                "budget-" + maxCalls + algorithm, "mock/next", "classification", algorithm)
                        .budget(OptimizationBudget.calls(maxCalls))
                        .build()
                        .run();
                assertThat(r.budgetUsed().calls()).isLessThanOrEqualTo(maxCalls);
                assertThat(r.budgetUsed().targetCalls() + r.budgetUsed().reflectionCalls())
                        .isEqualTo(r.budgetUsed().calls());
            }
            assertThat(targetCalls.get() + reflectionCalls.get()).isLessThanOrEqualTo(2 * maxCalls);
        }
    }

    @Test
    void aBudgetThatCannotScoreTheStartIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> optimizer("tiny", "mock/next", "classification", OptimizerAlgorithm.GEPA)
                        .budget(OptimizationBudget.calls(59))
                        .build()
                        .run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("60 calls (40 training and 20 validation rows)");
        assertThat(targetCalls.get()).isZero();
    }

    @Test
    void theCostCapIsNeverCrossed() {
        BigDecimal cap = new BigDecimal("0.02");
        OptimizationResult r = optimizer("cost", "mock/next", "classification", OptimizerAlgorithm.GEPA)
                .budget(OptimizationBudget.calls(1000).withMaxCost(cap))
                .build()
                .run();

        assertThat(r.budgetUsed().costUsd()).isPositive().isLessThanOrEqualTo(cap);
        assertThat(r.budgetUsed().calls()).isEqualTo(targetCalls.get() + reflectionCalls.get());
    }

    @Test
    void aCheckpointResumesToTheSameResult() throws Exception {
        OptimizationResult straight = optimizer("straight", "mock/next", "classification", OptimizerAlgorithm.GEPA)
                .checkpoint(dir.resolve("straight.json"))
                .build()
                .run();

        Path file = dir.resolve("resumed.json");
        PromptVersion start = registry.register("resumed", PromptTemplate.text("{{question}}"), "bare question");
        AtomicInteger candidates = new AtomicInteger();
        PromptOptimizer.Builder resumed = PromptOptimizer.builder()
                .gateway(gateway)
                .registry(registry)
                .prompt(start)
                .targetModel("mock/next")
                .trainData(SimulatedDatasets.load("classification"))
                .scorers(List.of(SimulatedDatasets.scorer("classification")))
                .budget(OptimizationBudget.calls(300))
                .seed(7)
                .checkpoint(file);
        // a crash after the second candidate, before its step is saved
        assertThatThrownBy(() -> resumed.progress(e -> {
                            if (e.startsWith("c") && candidates.incrementAndGet() == 2) {
                                throw new IllegalStateException("crash");
                            }
                        })
                        .build()
                        .run())
                .hasMessage("crash");
        assertThat(Files.readString(file)).contains("\"finished\" : false");

        List<String> events = new ArrayList<>();
        OptimizationResult again = resumed.progress(events::add).build().run();

        assertThat(events.get(0)).startsWith("resuming from ");
        assertThat(again.bestPrompt().template())
                .isEqualTo(straight.bestPrompt().template());
        assertThat(again.scoreBefore()).isEqualTo(straight.scoreBefore());
        assertThat(again.scoreAfter()).isEqualTo(straight.scoreAfter());
        assertThat(again.history())
                .extracting(Candidate::move, Candidate::status, Candidate::template)
                .containsExactlyElementsOf(straight.history().stream()
                        .map(c -> org.assertj.core.groups.Tuple.tuple(c.move(), c.status(), c.template()))
                        .toList());
        assertThat(again.budgetUsed().calls()).isEqualTo(straight.budgetUsed().calls());

        // a finished checkpoint gives its result again without a call or a second registration
        int before = targetCalls.get() + reflectionCalls.get();
        OptimizationResult third = resumed.progress(e -> {}).build().run();
        assertThat(targetCalls.get() + reflectionCalls.get()).isEqualTo(before);
        assertThat(third.bestPrompt()).isEqualTo(again.bestPrompt());
        assertThat(registry.versions("resumed")).hasSize(2);
    }

    @Test
    void aCheckpointOfAnotherOptimizationIsRefused() {
        Path file = dir.resolve("one.json");
        optimizer("one", "mock/next", "classification", OptimizerAlgorithm.METAPROMPT)
                .budget(OptimizationBudget.calls(100))
                .checkpoint(file)
                .build()
                .run();
        assertThatThrownBy(() -> optimizer("two", "mock/mini", "classification", OptimizerAlgorithm.METAPROMPT)
                        .checkpoint(file)
                        .build()
                        .run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to another optimization");
    }

    @Test
    void validationDataIsUsedAsGivenAndTheDefaultSplitIsSeeded() {
        List<EvalRow> rows = SimulatedDatasets.load("classification").rows();
        OptimizationResult r = optimizer("split", "mock/next", "classification", OptimizerAlgorithm.METAPROMPT)
                .trainData(Dataset.of(rows.subList(0, 30)))
                .validationData(Dataset.of(rows.subList(30, 45)))
                .build()
                .run();
        assertThat(r.trainRows()).isEqualTo(30);
        assertThat(r.validationRows()).isEqualTo(15);

        List<List<EvalRow>> a = PromptOptimizer.split(rows, 3);
        assertThat(a.get(0)).hasSize(40);
        assertThat(a.get(1)).hasSize(20).doesNotContainAnyElementsOf(a.get(0));
        assertThat(PromptOptimizer.split(rows, 3)).isEqualTo(a);
        assertThat(PromptOptimizer.split(rows, 4)).isNotEqualTo(a);
    }

    @Test
    void chatTemplatesHaveTheirLastUserMessageOptimized() {
        PromptVersion start = registry.register(
                "chat",
                PromptTemplate.chat(
                        new io.mlflowlite.prompt.PromptMessage("system", "You sort support tickets."),
                        new io.mlflowlite.prompt.PromptMessage("user", "{{question}}")),
                "chat");
        OptimizationResult r = PromptOptimizer.builder()
                .gateway(gateway)
                .registry(registry)
                .prompt(start)
                .targetModel("mock/next")
                .trainData(SimulatedDatasets.load("classification"))
                .scorers(List.of(SimulatedDatasets.scorer("classification")))
                .build()
                .run();
        assertThat(r.improved()).isTrue();
        assertThat(r.bestPrompt().template().messages()).hasSize(2);
        assertThat(r.bestPrompt().template().messages().get(0).content()).isEqualTo("You sort support tickets.");
        assertThat(r.bestPrompt().template().messages().get(1).content()).contains("{{question}}");
    }
}
