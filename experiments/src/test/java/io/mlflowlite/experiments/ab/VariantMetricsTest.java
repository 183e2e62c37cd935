package io.mlflowlite.experiments.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mlflowlite.json.Json;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VariantMetricsTest {
    private static Observation call(SplittableRandom r) {
        return Observation.of(500 + 100 * r.nextDouble(), 0.001 + 0.001 * r.nextDouble(), 100, 40 + r.nextInt(20))
                .withError(r.nextDouble() < 0.1)
                .withFallback(r.nextDouble() < 0.05)
                .withScore("correct", Score.pass(r.nextDouble() < 0.8))
                .withScore("rating", Score.of(1 + r.nextInt(5)));
    }

    @Test
    void countsRatesAndScores() {
        VariantMetrics m = new VariantMetrics();
        m.record(Observation.of(100, 0.002, 10, 5).withScore("correct", Score.pass(true)));
        m.record(Observation.of(300, 0.004, 20, 7).withError(true).withScore("correct", Score.pass(false)));
        m.record(Observation.of(200, 0.003, 30, 9).withFallback(true));
        assertThat(m.count()).isEqualTo(3);
        assertThat(m.errorRate().mean()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(m.fallbacks()).isEqualTo(1);
        assertThat(m.latency().mean()).isCloseTo(200, within(1e-9));
        assertThat(m.latencyP50()).isCloseTo(200, within(2.0));
        assertThat(m.cost().sum()).isCloseTo(0.009, within(1e-12));
        assertThat(m.tokensOut().mean()).isCloseTo(7, within(1e-12));
        assertThat(m.score("correct").count()).isEqualTo(2); // scored selectively
        assertThat(m.score("correct").mean()).isCloseTo(0.5, within(1e-12));
        assertThat(m.passFail("correct")).isTrue();
        assertThat(Metric.score("correct").sample(m).binary()).isTrue();
        assertThat(m.score("absent").count()).isZero();
    }

    @Test
    void mergingPartsEqualsRecordingEverythingInOne() {
        SplittableRandom r = new SplittableRandom(3);
        VariantMetrics whole = new VariantMetrics();
        VariantMetrics[] parts = {new VariantMetrics(), new VariantMetrics(), new VariantMetrics()};
        for (int i = 0; i < 3000; i++) {
            Observation o = call(r);
            whole.record(o);
            parts[i % 3].record(o);
        }
        VariantMetrics merged = new VariantMetrics();
        for (VariantMetrics p : parts) {
            merged.merge(p);
        }
        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.errors()).isEqualTo(whole.errors());
        assertThat(merged.latencyP95()).isEqualTo(whole.latencyP95());
        assertThat(merged.latency().variance()).isCloseTo(whole.latency().variance(), within(1e-6));
        assertThat(merged.score("rating").mean())
                .isCloseTo(whole.score("rating").mean(), within(1e-12));
        assertThat(merged.scoreNames()).containsExactlyInAnyOrder("correct", "rating");
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        VariantMetrics m = new VariantMetrics();
        for (int i = 0; i < 500; i++) {
            m.record(call(r));
        }
        String json = Json.MAPPER.writeValueAsString(m.toMap());
        VariantMetrics back =
                VariantMetrics.fromMap(Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {}));
        assertThat(back.toMap()).isEqualTo(m.toMap());
        assertThat(back.passFail("correct")).isTrue();
        assertThat(back.passFail("rating")).isFalse();
        assertThatThrownBy(() -> VariantMetrics.fromMap(Map.of("count", 1))).hasMessageContaining("\"scores\"");
    }

    @Test
    void aScoreKeepsItsKind() {
        VariantMetrics m = new VariantMetrics();
        m.record(Observation.of(1, 0, 0, 0).withScore("s", Score.pass(true)));
        assertThatThrownBy(() -> m.record(Observation.of(1, 0, 0, 0).withScore("s", Score.of(0.5))))
                .hasMessageContaining("one name must keep one kind");
    }
}
