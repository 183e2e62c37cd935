package io.mlflowlite.cli;

import io.mlflowlite.gateway.Gateway;
import java.nio.file.Path;

/**
 * The gateway {@code mlflowlite serve} runs. Without a file it is the embedded default, {@link Gateway#fromEnv()}'s
 * (simulated {@code mock/*} models, and every provider whose key or base URL is in the environment). With a
 * file, its endpoints and routes (MLflow's gateway format, see docs/routing.md) are served as well; the file is
 * validated here, so a broken one stops the start with every problem and its path.
 */
final class GatewayConfig {
    private GatewayConfig() {}

    /** The gateway to build for {@code config} (null: the embedded default); the caller adds its tracing. */
    static Gateway.Builder builder(Path config) {
        Gateway.Builder builder = Gateway.builder().env(System.getenv());
        return config == null ? builder : builder.routingFile(config);
    }
}
