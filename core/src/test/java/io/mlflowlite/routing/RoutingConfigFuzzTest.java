package io.mlflowlite.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the routing configuration parser (MLflow AI Gateway YAML and mlflowlite's
 * extensions): whatever the file says, {@link RoutingConfigLoader#parse} either returns a configuration or throws
 * {@link RoutingConfigException} naming the problems; never another exception, never a hang. In {@code ./test}
 * this runs over the seeds in {@code RoutingConfigFuzzTestInputs/parse/} (and every crash found so far);
 * {@code bench/run fuzz config} fuzzes it.
 */
class RoutingConfigFuzzTest {
    private static final RoutingConfigLoader LOADER = RoutingConfigLoader.withEnv(
            Map.of("OPENAI_API_KEY", "sk-fuzz", "ANTHROPIC_API_KEY", "sk-ant-fuzz", "GEMINI_API_KEY", "gm-fuzz"));

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        RoutingConfig config;
        try {
            config = LOADER.parse(yaml, "fuzz.yaml");
        } catch (RoutingConfigException e) {
            assertThat(e.problems()).isNotEmpty(); // a refusal always says what is wrong
            return;
        }
        // an accepted configuration is whole: every endpoint and route can be looked up by its name
        for (Endpoint endpoint : config.endpoints()) {
            assertThat(config.endpoint(endpoint.name())).isPresent();
        }
        for (Route route : config.routes()) {
            assertThat(config.route(route.name())).isPresent();
        }
    }
}
