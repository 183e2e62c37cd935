package io.mlflowlite.experiments.smart;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calibration and the held-out benchmark end to end on a few dozen simulated rows: the router must keep most of the
 * strongest model's quality for clearly less money, and beat random routing at its own model mix.
 */
class SmartRoutingTest {
    @Test
    void calibratedRouterBeatsRandomAndSavesOnHeldOutRows() {
        try (Gateway gateway = Gateway.builder()
                .env(Map.of())
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build()) {
            SimulatedRouting.Split split = SimulatedRouting.split(0.5, 3, 16);
            List<EvaluationResult> train = SimulatedRouting.evaluate(gateway, SimulatedRouting.MODELS, split.train());
            RoutingTable table = Calibration.builder()
                    .runs(train)
                    .requests(SimulatedRouting::request)
                    .margin(0.03)
                    .build()
                    .calibrate();
            System.out.println(table.toText());
            List<EvaluationResult> test = SimulatedRouting.evaluate(gateway, SimulatedRouting.MODELS, split.test());
            RouterBenchmark bench =
                    SimulatedRouting.benchmark(gateway, SmartRouter.of(table), split.test(), test, "mock/pro");
            System.out.println(bench.toText());
            assertThat(bench.costSaving()).isGreaterThan(0.3);
            assertThat(bench.qualityKept()).isGreaterThan(0.9);
        }
    }
}
