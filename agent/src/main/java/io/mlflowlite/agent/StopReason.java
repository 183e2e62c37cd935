package io.mlflowlite.agent;

/** Why an agent run ended. */
public enum StopReason {
    /** The model answered with text and no further tool calls. */
    ANSWERED,
    /** The model was still calling tools when the run reached its step limit. */
    STEP_LIMIT,
    /** A model call failed (after the gateway's retries and fallbacks); {@link AgentResult#error()} holds why. */
    ERROR
}
