package io.mlflowlite.experiments.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quick version of the simulation suite ({@code bench/run experiments} runs the full one): seeded, so these
 * numbers are reproducible; each bound holds with margin at this size.
 */
class ExperimentSimulationTest {
    private static final long SEED = 20_261_207L;

    @Test
    void aaFalsePositiveRateUnderPeekingIsAtMostAlpha() {
        for (ScenarioResult r :
                concat(ExperimentSimulation.aaPassRate(200, SEED), ExperimentSimulation.aaLatency(200, SEED + 1))) {
            if (r.pass() != null) {
                assertThat(r.rate()).as(r.scenario()).isLessThanOrEqualTo(0.05);
            } else {
                // the fixed-horizon interval read after every batch: far above alpha (why it is labelled)
                assertThat(r.rate()).as(r.scenario()).isGreaterThan(0.10);
            }
        }
    }

    @Test
    void aFivePointDropIsDetectedAtThePredictedSampleSize() {
        ScenarioResult r = ExperimentSimulation.powerQualityDrop(100, SEED + 2);
        assertThat(r.rate()).as(r.detail()).isGreaterThanOrEqualTo(0.70);
        ScenarioResult latency = ExperimentSimulation.powerLatencyRegression(100, SEED + 8);
        assertThat(latency.rate()).as(latency.detail()).isGreaterThanOrEqualTo(0.70);
    }

    @Test
    void rolloutsCompleteRollBackAndHoldAsTheyShould() {
        assertThat(ExperimentSimulation.rolloutGood(6, SEED + 3).rate()).isEqualTo(1.0);
        assertThat(ExperimentSimulation.rolloutSlow(6, SEED + 4).rate()).isEqualTo(1.0);
        assertThat(ExperimentSimulation.rolloutErrorSpike(6, SEED + 7).rate()).isEqualTo(1.0);
        assertThat(ExperimentSimulation.rolloutSubtlyWorse(6, SEED + 5).rate()).isEqualTo(1.0);
    }

    private static List<ScenarioResult> concat(List<ScenarioResult> a, List<ScenarioResult> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
