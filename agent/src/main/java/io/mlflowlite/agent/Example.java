package io.mlflowlite.agent;

import java.util.Objects;

/**
 * A few-shot example for an agent's prompt: a user message and the answer the model should give to it. In a
 * prompt version, examples sit between the system message and the user's query, as user/assistant pairs.
 * Immutable.
 *
 * @param input  what the user asks
 * @param output how the agent should answer
 */
public record Example(String input, String output) {
    public Example {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
    }

    /** An example of {@code input} answered with {@code output}. */
    public static Example of(String input, String output) {
        return new Example(input, output);
    }
}
