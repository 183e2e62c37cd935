package io.mlflowlite.provider.mock;

import static io.mlflowlite.provider.mock.MockCalls.ask;
import static io.mlflowlite.provider.mock.MockCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.UnknownModelException;
import io.mlflowlite.json.Json;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MockModelsTest {
    @Test
    void bundledModelsAreTheOnesTheCatalogNames() throws Exception {
        List<String> catalogMocks = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/io/mlflowlite/catalog/models.json")) {
            for (JsonNode entry : Json.MAPPER.readTree(in).path("models")) {
                // chat models have specs; the embedding model (mock/embed) needs none
                if (entry.path("provider").asText().equals("mock")
                        && entry.path("kind").asText().equals("chat")) {
                    catalogMocks.add(entry.path("model").asText());
                }
            }
        }
        assertThat(MockModels.bundled().names())
                .containsExactlyElementsOf(catalogMocks)
                .containsExactly("mini", "balanced", "pro", "next", "flaky", "echo", "reflect");
    }

    @Test
    void bundledSpecsMatchTheirDescriptions() {
        MockModels models = MockModels.bundled();
        MockModelSpec mini = models.require("mini");
        assertThat(mini.ttftMedian()).isEqualTo(Duration.ofMillis(250));
        assertThat(mini.tokensPerSecond()).isEqualTo(120);
        assertThat(mini.accuracy()).isEqualTo(0.70);
        assertThat(models.require("pro").accuracy()).isEqualTo(0.96);
        assertThat(models.require("pro").maxOutputTokens()).isEqualTo(16384);
        assertThat(models.require("flaky").failureRate()).isCloseTo(0.30, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(models.require("echo").behavior()).isEqualTo(MockModelSpec.Behavior.ECHO);
        assertThat(models.require("echo").latencyScale()).isZero();
    }

    @Test
    void aFileAddsModelsAndOverridesOnlyTheFieldsItSets() throws Exception {
        MockModels models = MockModels.load(resource("custom-models.json"));

        assertThat(models.names())
                .containsExactly("mini", "balanced", "pro", "next", "flaky", "echo", "reflect", "turbo", "parrot");
        MockModelSpec mini = models.require("mini");
        assertThat(mini.accuracy()).isEqualTo(0.9);
        assertThat(mini.toBuilder().accuracy(0.70).build())
                .isEqualTo(MockModels.bundled().require("mini"));

        MockModelSpec turbo = models.require("turbo");
        assertThat(turbo)
                .isEqualTo(MockModelSpec.builder()
                        .description("a custom fast model")
                        .timeToFirstToken(Duration.ofMillis(120), Duration.ofMillis(300), Duration.ofMillis(40))
                        .tokensPerSecond(200)
                        .accuracy(0.75)
                        .rate429(0.02)
                        .retryAfter(Duration.ofMillis(2500))
                        .rate500(0.01)
                        .rateTimeout(0)
                        .maxOutputTokens(2048)
                        .latencyScale(0.5)
                        .build());

        MockProvider provider = new MockProvider(models);
        assertThat(provider.chat(call("parrot", ask("polly wants a cracker", null)))
                        .content())
                .isEqualTo("polly wants a cracker");
    }

    @Test
    void aMisspeltFieldIsAConfigurationErrorNamingIt() throws Exception {
        Path file = resource("misspelt-field.json");
        assertThatThrownBy(() -> MockModels.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("misspelt-field.json")
                .hasMessageContaining("'mini'")
                .hasMessageContaining("unknown field 'acuracy'");
    }

    @Test
    void ratesAddingUpToMoreThanOneAreRejected() throws Exception {
        Path file = resource("rates-over-one.json");
        assertThatThrownBy(() -> MockModels.load(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'chaos'")
                .hasMessageContaining("at most 1");
    }

    @Test
    void aMissingFileIsAConfigurationError() {
        assertThatThrownBy(() -> MockModels.load(Path.of("does/not/exist.json")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("exist.json");
    }

    @Test
    void withModelAddsOrReplacesAndRequireNamesTheKnownModels() {
        MockModels models = MockModels.bundled()
                .withModel("pro", MockModelSpec.builder().accuracy(0.5).build())
                .withModel("nano", MockModelSpec.builder().build());
        assertThat(models.require("pro").accuracy()).isEqualTo(0.5);
        assertThat(models.find("nano")).isPresent();
        assertThat(models.find("gpt-4o")).isEmpty();
        assertThatThrownBy(() -> models.require("gpt-4o"))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("mini, balanced, pro, next, flaky, echo, reflect, nano");
    }

    @Test
    void withLatencyScaleAppliesToEveryModel() {
        assertThat(MockModels.bundled().withLatencyScale(0).asMap().values())
                .allSatisfy(spec -> assertThat(spec.latencyScale()).isZero());
    }

    @Test
    void specsRejectValuesOutOfRange() {
        assertThatThrownBy(() -> MockModelSpec.builder()
                        .ttftMedian(Duration.ofSeconds(2))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttftP95");
        assertThatThrownBy(() -> MockModelSpec.builder().accuracy(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accuracy");
        assertThatThrownBy(() -> MockModelSpec.builder().tokensPerSecond(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokensPerSecond");
        assertThatThrownBy(() -> MockModelSpec.builder().latencyScale(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latencyScale");
    }

    private Path resource(String name) throws URISyntaxException {
        return Path.of(getClass().getResource("/mock/" + name).toURI());
    }
}
