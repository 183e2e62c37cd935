package io.mlflowlite.tracing;

import java.util.Map;
import java.util.Optional;

/**
 * Creates extra {@link TraceSink}s from configuration, found with {@link java.util.ServiceLoader}: the
 * {@code otel} module contributes an OTLP exporter when {@code OTEL_EXPORTER_OTLP_ENDPOINT} or
 * {@code MLFLOW_TRACKING_URI} is set.
 */
public interface TraceSinkProvider {
    /** A sink configured from {@code env}, or empty when this provider is not configured there. */
    Optional<TraceSink> fromEnv(Map<String, String> env);
}
