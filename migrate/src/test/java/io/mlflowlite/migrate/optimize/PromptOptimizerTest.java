package io.mlflowlite.migrate.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptVersion;
import io.mlflowlite.provider.mock.MockModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PromptOptimizerTest {
    private final Gateway gateway = Gateway.builder()
            .mockModels(MockModels.bundled().withLatencyScale(0))
            .build();
    private final PromptRegistry registry = PromptRegistry.inMemory();

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void smoke() {
        PromptVersion start = registry.register("triage", PromptTemplate.text("{{question}}"), "bare");
        List<String> events = new ArrayList<>();
        OptimizationResult r = PromptOptimizer.builder()
                .gateway(gateway)
                .registry(registry)
                .prompt(start)
                .targetModel("mock/next")
                .trainData(SimulatedDatasets.load("classification"))
                .scorers(List.of(SimulatedDatasets.scorer("classification")))
                .budget(OptimizationBudget.calls(300))
                .algorithm(OptimizerAlgorithm.valueOf(System.getProperty("algo", "GEPA")))
                .seed(7)
                .progress(e -> {
                    events.add(e);
                    System.out.println(e);
                })
                .build()
                .run();
        System.out.println(r.bestPrompt().template());
        assertThat(r.improved()).isTrue();
    }
}
