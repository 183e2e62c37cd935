package io.mlflowlite.provider.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.UnknownModelException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.ModelInfo;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderPlugin;
import io.mlflowlite.provider.ProviderProfile;
import io.mlflowlite.routing.Endpoint;
import io.mlflowlite.routing.ModelSpec;
import io.mlflowlite.routing.RoutingConfigLoader;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracing;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin found with ServiceLoader contributes a provider, its adapter, catalog entries and prices, and its
 * models run through the same pipeline as built-in ones. The services file lives in a temporary folder seen
 * only through the context class loader of each test, so no other test of core sees the plugin.
 */
class ProviderPluginTest {
    @TempDir
    Path classpath;

    private final InMemoryTraceStore store = new InMemoryTraceStore(100);
    private final Tracing tracing = Tracing.builder().store(store).build();

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void aPluginOnTheClasspathServesChatThroughThePipelineWithItsFreePrice() throws IOException {
        try (Gateway gateway =
                withPluginOnClasspath(() -> Gateway.builder().tracing(tracing).build())) {
            ChatResponse r = gateway.completion(ChatRequest.of("shout/loud", "hello plugin"));

            assertThat(r.content()).isEqualTo("HELLO PLUGIN");
            assertThat(r.provider()).isEqualTo("shout");
            assertThat(r.usage().promptTokens()).isEqualTo(2);
            assertThat(r.usage().estimated()).isFalse();
            assertThat(r.cost().total()).isEqualByComparingTo(BigDecimal.ZERO);
            assertThat(r.cost().provenance())
                    .hasValueSatisfying(p -> assertThat(p.entry()).isEqualTo("shout/loud"));
            assertThat(r.attempts()).hasSize(1);
            tracing.flush(Duration.ofSeconds(5));
            Trace trace = store.get(r.traceId().orElseThrow()).orElseThrow();
            Span root = trace.root().orElseThrow();
            assertThat(root.attributes()).containsEntry("mlflow.llm.model", "shout/loud");
        }
    }

    @Test
    void aPluginsEmbeddingModelIsPricedFromThePluginsTable() throws IOException {
        try (Gateway gateway =
                withPluginOnClasspath(() -> Gateway.builder().tracing(tracing).build())) {
            EmbeddingResponse r = gateway.embedding(EmbeddingRequest.of("shout/length", List.of("one two", "three")));

            assertThat(r.vectors()).extracting(v -> v[0]).containsExactly(7f, 5f);
            assertThat(r.promptTokens()).isEqualTo(3);
            assertThat(r.cost().total()).isEqualByComparingTo(new BigDecimal("0.000003")); // 3 tokens x 1.00 / 1M
        }
    }

    @Test
    void modelsListsThePluginsModelsAsAvailableInProcess() throws IOException {
        try (Gateway gateway =
                withPluginOnClasspath(() -> Gateway.builder().tracing(tracing).build())) {
            List<ModelInfo> shout = gateway.models().stream()
                    .filter(m -> m.provider().equals("shout"))
                    .toList();

            assertThat(shout).extracting(ModelInfo::name).containsExactly("shout/loud", "shout/length");
            assertThat(shout).extracting(ModelInfo::kind).containsExactly("chat", "embedding");
            assertThat(shout).allSatisfy(m -> {
                assertThat(m.available()).isTrue();
                assertThat(m.reason()).isEqualTo("in-process, offline");
            });
            assertThat(gateway.models()).anySatisfy(m -> assertThat(m.name()).isEqualTo("mock/mini"));
        }
    }

    @Test
    void withDiscoveryOffOrWithoutTheJarTheProviderIsUnknown() throws IOException {
        try (Gateway gateway = withPluginOnClasspath(
                () -> Gateway.builder().tracing(tracing).discoverPlugins(false).build())) {
            assertThatThrownBy(() -> gateway.completion(ChatRequest.of("shout/loud", "hi")))
                    .isInstanceOf(UnknownModelException.class)
                    .hasMessageContaining("Unknown provider 'shout'");
        }
        try (Gateway gateway = Gateway.builder().tracing(tracing).build()) {
            assertThat(gateway.models())
                    .noneSatisfy(m -> assertThat(m.provider()).isEqualTo("shout"));
        }
    }

    @Test
    void aPluginAddedByHandWorksWithoutDiscoveryAndEndpointsCanNameIt() {
        Endpoint loud = Endpoint.builder("loud-endpoint")
                .model(ModelSpec.of("shout", "loud"))
                .build();
        try (Gateway gateway = Gateway.builder()
                .tracing(tracing)
                .discoverPlugins(false)
                .plugin(new ShoutingPlugin())
                .endpoints(loud)
                .build()) {
            assertThat(gateway.completion(ChatRequest.of("loud-endpoint", "via endpoint"))
                            .content())
                    .isEqualTo("VIA ENDPOINT");
        }
    }

    @Test
    void theGatewaysFileLoaderAcceptsThePluginsProviderSoAReloadAcceptsWhatTheStartAccepted() throws IOException {
        Path file = Files.writeString(classpath.resolve("gateway.yaml"), """
                endpoints:
                  - name: loud-endpoint
                    endpoint_type: llm/v1/chat
                    model: {provider: shout, name: loud}
                """);
        try (Gateway gateway = withPluginOnClasspath(
                () -> Gateway.builder().tracing(tracing).routingFile(file).build())) {
            gateway.reconfigure(gateway.routingLoader().load(file));

            assertThat(gateway.completion(ChatRequest.of("loud-endpoint", "again"))
                            .content())
                    .isEqualTo("AGAIN");
            assertThatThrownBy(() -> RoutingConfigLoader.withEnv(Map.of()).load(file))
                    .as("a loader that does not know the plugin")
                    .hasMessageContaining("shout");
        }
    }

    @Test
    void catalogAndPricesTheCallerGaveWinOverThePlugins() {
        PriceTable paid = PriceTable.bundled().withOverrides(PriceTable.parse("""
                {"version": "mine", "currency": "USD", "unit": "per 1M tokens", "models": {
                  "shout/loud": {"input": "2.00", "output": "4.00", "effective": "2026-01-01", "source": "mine"},
                  "shout/length": {"input": "3.00", "effective": "2026-01-01", "source": "mine"}}}
                """, "test"));
        try (Gateway gateway = Gateway.builder()
                .tracing(tracing)
                .plugin(new ShoutingPlugin())
                .prices(paid)
                .build()) {
            ChatResponse r = gateway.completion(ChatRequest.of("shout/loud", "two words"));

            // 2 input x 2.00 + 2 output x 4.00, per million
            assertThat(r.cost().total()).isEqualByComparingTo(new BigDecimal("0.000012"));
        }
    }

    @Test
    void pluginsCannotTakeOverBuiltInProvidersOrWireFormats() {
        assertThatThrownBy(() -> Gateway.builder()
                        .plugin(plugin(
                                new ProviderProfile("openai", "shout", "local://x", List.of(), List.of(), false)))
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("built-in provider 'openai'");
        assertThatThrownBy(() -> Gateway.builder()
                        .plugin(plugin(new ProviderProfile("mine", "openai", "local://x", List.of(), List.of(), false)))
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("built-in wire format 'openai'");
        assertThatThrownBy(() -> Gateway.builder()
                        .plugin(plugin(new ProviderProfile("mine", "other", "local://x", List.of(), List.of(), false)))
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("differs from its adapter's 'shout'");
    }

    private static ProviderPlugin plugin(ProviderProfile profile) {
        return new ProviderPlugin() {
            @Override
            public ProviderProfile profile() {
                return profile;
            }

            @Override
            public Provider adapter() {
                return new ShoutingPlugin.Shouter();
            }
        };
    }

    /** Builds with a context class loader that also sees a services file listing {@link ShoutingPlugin}. */
    private Gateway withPluginOnClasspath(Supplier<Gateway> build) throws IOException {
        Path services = classpath.resolve("META-INF/services/" + ProviderPlugin.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# the test plugin\n" + ShoutingPlugin.class.getName() + "\n");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classpath.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            return build.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
