package io.mlflowlite.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.Mlflowlite;
import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.migrate.optimize.OptimizationResult;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.provider.mock.MockModels;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Mlflowlite.optimizePrompt}: the optimizer on the shared gateway. */
class OptimizePromptFacadeTest {
    @BeforeEach
    void simulatedModels() {
        Mlflowlite.setGateway(Gateway.builder()
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build());
    }

    @AfterEach
    void reset() {
        Mlflowlite.setGateway(null);
    }

    @Test
    void optimizesARegisteredPromptAndRegistersTheWinner() {
        PromptRegistry registry = PromptRegistry.inMemory();
        registry.register("triage", PromptTemplate.text("{{question}}"), "bare question");

        OptimizationResult r = Mlflowlite.optimizePrompt(
                registry,
                "prompts:/triage@latest",
                "mock/next",
                SimulatedDatasets.load("classification"),
                List.of(SimulatedDatasets.scorer("classification")));

        assertThat(r.improved()).isTrue();
        assertThat(r.bestPrompt().version()).isEqualTo(2);
        assertThat(registry.load("prompts:/triage@latest").template())
                .isEqualTo(r.bestPrompt().template());
        assertThat(r.budgetUsed().calls()).isLessThanOrEqualTo(300);
    }
}
