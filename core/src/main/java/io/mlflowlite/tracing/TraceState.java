package io.mlflowlite.tracing;

/** How a trace ended, as MLflow names it. */
public enum TraceState {
    OK,
    ERROR,
    IN_PROGRESS
}
