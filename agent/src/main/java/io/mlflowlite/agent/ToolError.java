package io.mlflowlite.agent;

import java.util.Objects;

/**
 * A tool call that did not produce a result. The agent sends {@code "Error: " + message} back to the model as that
 * call's result, so the model can correct itself, and carries on; the run's {@link AgentResult#toolErrors()} and the
 * call's TOOL span (status ERROR) record it. Immutable.
 *
 * @param step       the model call (1-based) whose tool call failed
 * @param toolCallId the id of the failed call, as sent back to the model
 * @param toolName   the tool the model asked for (possibly one that does not exist)
 * @param kind       what went wrong
 * @param message    the text the model was sent after {@code "Error: "}
 */
public record ToolError(int step, String toolCallId, String toolName, Kind kind, String message) {

    /** What went wrong with a tool call. */
    public enum Kind {
        /** The model asked for a tool the agent does not have. */
        UNKNOWN_TOOL,
        /** The arguments were not a JSON object, or did not match the tool's schema. */
        INVALID_ARGUMENTS,
        /** The tool threw. */
        TOOL_FAILED,
        /** The tool returned a value that cannot be serialized to JSON. */
        UNSERIALIZABLE_RESULT
    }

    public ToolError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
