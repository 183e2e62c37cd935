package io.mlflowlite.routing;

import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.tracing.Tracing;
import java.util.Map;

/** Gateways on instant simulated models, without tracing, for tests that make many calls. */
final class SimulatedGateways {
    private SimulatedGateways() {}

    static Gateway.Builder instant() {
        return Gateway.builder()
                .env(Map.of())
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .tracing(Tracing.builder().enabled(false).build());
    }

    /** A configuration from {@code src/test/resources/routing/}. */
    static RoutingConfig fixture(String name) {
        return RoutingConfigLoader.withEnv(Map.of()).load(RoutingConfigLoaderTest.resource(name));
    }
}
