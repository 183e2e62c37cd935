package io.mlflowlite.agent;

import java.util.Objects;

/**
 * Why {@link Tool#invoke(String)} produced no result: invalid arguments, the tool threw (the cause), or its result
 * cannot be serialized. The message is written for the model, which the agent sends it to.
 */
public final class ToolException extends RuntimeException {
    private final ToolError.Kind kind;

    /** A failure of {@code kind} caused by {@code cause} (null when none). */
    public ToolException(ToolError.Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A failure of {@code kind} with no underlying exception. */
    public ToolException(ToolError.Kind kind, String message) {
        this(kind, message, null);
    }

    /** What went wrong. */
    public ToolError.Kind kind() {
        return kind;
    }
}
