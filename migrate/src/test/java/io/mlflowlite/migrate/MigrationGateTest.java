package io.mlflowlite.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationGateTest {
    @Test
    void thresholdsOverrideTheFileAndRoundTripAsJson() {
        MigrationGate gate = MigrationGate.fromJson(
                        Json.read("{\"quality\": {\"max_drop\": 0.02, \"scorers\": {\"label_match\": 0.1}}, "
                                + "\"min_agreement\": 0.5}"))
                .with(List.of("latency_p95_increase=0.25", "max_drop.json_field_match=0.05"));
        assertThat(gate.maxDrop()).isEqualTo(0.02);
        assertThat(gate.scorerDrops()).containsEntry("label_match", 0.1).containsEntry("json_field_match", 0.05);
        assertThat(gate.latencyP95Increase()).isEqualTo(0.25);
        assertThat(MigrationGate.fromJson(gate.toJson())).isEqualTo(gate);
    }

    @Test
    void badInputIsRefusedWithWhatToFix() {
        assertThatThrownBy(() -> MigrationGate.defaults().with(List.of("max_dorp=1")))
                .hasMessageContaining("Unknown threshold 'max_dorp'");
        assertThatThrownBy(() -> MigrationGate.defaults().with(List.of("max_drop")))
                .hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> MigrationGate.fromJson(Json.read("{\"quality\": {\"max_drop\": \"x\"}}")))
                .hasMessageContaining("quality.max_drop: expected a number");
        assertThatThrownBy(() -> MigrationGate.fromJson(Json.read("{\"rollout\": {\"stages\": [5, 50]}}")))
                .hasMessageContaining("the last stage must be 100");
        assertThatThrownBy(() -> MigrationGate.fromJson(Json.read("{\"latency\": 1}")))
                .hasMessageContaining("latency: unknown");
    }
}
