package io.mlflowlite.experiments.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mlflowlite.eval.EvaluationResult;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calibration and the held-out benchmark end to end on a few dozen simulated rows: the router must keep 97 % of the
 * strongest model's quality for at least 40 % less money, and on average do better than random routing at its own
 * model mix; a table trained with embeddings needs its embedder.
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
            List<EvaluationResult> test = SimulatedRouting.evaluate(gateway, SimulatedRouting.MODELS, split.test());
            RouterBenchmark bench = SimulatedRouting.benchmark(
                    gateway,
                    margin -> SmartRouter.of(Calibration.builder()
                            .runs(train)
                            .requests(SimulatedRouting::request)
                            .margin(margin)
                            .build()
                            .calibrate()),
                    List.of(0.0, 0.03, 0.1, 0.3),
                    0.03,
                    split.test(),
                    test,
                    "mock/pro");
            assertThat(bench.qualityKept()).as(bench.toText()).isGreaterThanOrEqualTo(0.97);
            assertThat(bench.costSaving()).as(bench.toText()).isGreaterThanOrEqualTo(0.4);
            assertThat(bench.oracleSavingCaptured()).as(bench.toText()).isGreaterThanOrEqualTo(0.6);
            // on a few dozen rows single points are noisy (one row is 2 points); bench/run route checks every point
            assertThat(bench.meanAdvantageOverRandom()).as(bench.toText()).isGreaterThanOrEqualTo(0);
            assertThat(FrontierChart.svg(bench.points()))
                    .startsWith("<figure>")
                    .contains("<svg")
                    .contains("oracle");
        }
    }

    /** A deterministic stand-in for MiniLM: hashed word counts, normalised. */
    static final class HashingEmbedder implements Embedder {
        @Override
        public float[] embed(String text) {
            float[] v = new float[32];
            for (String w : text.toLowerCase(java.util.Locale.ROOT).split("\\W+")) {
                if (!w.isEmpty()) {
                    v[Math.floorMod(w.hashCode(), v.length)] += 1;
                }
            }
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / Math.max(1e-9, Math.sqrt(norm)));
            }
            return v;
        }

        @Override
        public int dimensions() {
            return 32;
        }

        @Override
        public String model() {
            return "test/hashing";
        }
    }

    @Test
    void aTableTrainedWithEmbeddingsNeedsTheSameEmbedder() {
        try (Gateway gateway = Gateway.builder()
                .env(Map.of())
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .build()) {
            SimulatedRouting.Split split = SimulatedRouting.split(0.5, 5, 8);
            List<EvaluationResult> train =
                    SimulatedRouting.evaluate(gateway, List.of("mock/mini", "mock/next"), split.train());
            RoutingTable table = Calibration.builder()
                    .runs(train)
                    .requests(SimulatedRouting::request)
                    .embedder(new HashingEmbedder())
                    .build()
                    .calibrate();
            assertThat(table.embeddingModel()).contains("test/hashing");
            assertThat(table.tierNames()).containsExactly("easy", "hard");
            assertThat(table.classifier().inputs()).isEqualTo(RequestFeatures.DIMENSIONS + 32);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SmartRouter.of(table))
                    .hasMessageContaining("trained on test/hashing embeddings");
            SmartRouter router = SmartRouter.of(table, new HashingEmbedder());
            SmartRouter.Choice choice = router.choose(SimulatedRouting.request(Map.of("question", "What is 2 + 3?")));
            assertThat(choice.probabilities()).hasSize(2);
            assertThat(choice.probabilities()[0] + choice.probabilities()[1]).isCloseTo(1.0, within(1e-9));
            RoutingTable back = RoutingTable.fromJson(table.toJson());
            assertThat(back.embeddingModel()).contains("test/hashing");
            assertThat(back.tiers()).isEqualTo(table.tiers());
        }
    }
}
