package io.mlflowlite.tracing;

/** How a span ended: MLflow's (and OpenTelemetry's) status codes. */
public enum SpanStatus {
    UNSET,
    OK,
    ERROR
}
