package io.mlflowlite.cli;

import io.mlflowlite.Gateway;
import java.nio.file.Path;

/**
 * The gateway {@code mlflowlite serve} runs. Without a file it is the embedded default, {@link Gateway#fromEnv()}'s
 * (simulated {@code mock/*} models, and every provider whose key or base URL is in the environment). A
 * configuration file (endpoints, routes, traffic splits, hot reload) is where endpoint routing plugs in; until
 * that lands, asking for one fails clearly rather than serving something else.
 */
final class GatewayConfig {
    private GatewayConfig() {
    }

    /** The gateway to build for {@code config} (null: the embedded default); the caller adds its tracing. */
    static Gateway.Builder builder(Path config) {
        if (config != null) {
            throw new IllegalArgumentException("--config is not supported yet: gateway configuration files "
                    + "(endpoints, routes, traffic splits) are not part of this build. Run 'mlflowlite serve' without "
                    + "--config to serve the simulated models and every provider whose API key is set.");
        }
        return Gateway.builder().env(System.getenv());
    }
}
