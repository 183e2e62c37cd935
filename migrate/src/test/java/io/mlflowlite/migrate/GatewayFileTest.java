package io.mlflowlite.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.routing.RoutingConfig;
import io.mlflowlite.routing.RoutingConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayFileTest {
    private static final String CONFIG = """
            endpoints:
              - name: chat
                endpoint_type: llm/v1/chat
                model: {provider: mock, name: pro}
                prompt: prompts:/answer@production
                max_retries: 2
              - name: other
                endpoint_type: llm/v1/chat
                model: {provider: mock, name: mini}
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheEndpointsModelAndPrompt() {
        GatewayFile.EndpointInfo e = GatewayFile.endpoint(CONFIG, "chat", "gateway.yaml");
        assertThat(e.model()).isEqualTo("mock/pro");
        assertThat(e.prompt()).contains("prompts:/answer@production");
        assertThatThrownBy(() -> GatewayFile.endpoint(CONFIG, "nope", "gateway.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no endpoint called 'nope'; the endpoints are chat, other");
    }

    @Test
    void theRolloutIsARouteOverTheCurrentAndTheCandidateEndpoint() {
        String text = GatewayFile.rollout(
                CONFIG,
                "chat",
                "mock/next",
                "prompts:/answer/2",
                "mig-000000000001",
                MigrationGate.defaultRollout(),
                "gateway.yaml");
        RoutingConfig config = RoutingConfigLoader.withEnv(Map.of()).parse(text, "rollout");
        assertThat(config.endpoints())
                .extracting(e -> e.name())
                .containsExactly("chat-current", "chat-candidate", "other");
        assertThat(text)
                .contains("routing_strategy: experiment", "experiment: mig-000000000001", "prompt: prompts:/answer/2")
                .contains("name: next");
    }

    @Test
    void thePromotedFileKeepsEverythingButTheModel() throws Exception {
        String text = GatewayFile.promoted(CONFIG, "chat", "mock/next", null, "gateway.yaml");
        assertThat(GatewayFile.endpoint(text, "chat", "x").model()).isEqualTo("mock/next");
        assertThat(text).contains("max_retries: 2", "prompt: prompts:/answer@production");
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, CONFIG);
        GatewayFile.replace(file, text, Map.of());
        assertThat(Files.readString(file)).isEqualTo(text);
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1); // no temporary file left behind
        }
        assertThatThrownBy(() -> GatewayFile.replace(file, "endpoints: [{name: x}]", Map.of()))
                .isInstanceOf(RuntimeException.class);
        assertThat(Files.readString(file)).isEqualTo(text); // a broken text never replaces the file
    }
}
