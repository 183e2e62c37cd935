package io.mlflowlite.chat;

/**
 * A function call the model asked for.
 *
 * @param id        the provider's call id, echoed back in the tool result message
 * @param name      the function name
 * @param arguments the arguments as a JSON object text, exactly as the model produced it
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        arguments = arguments == null || arguments.isEmpty() ? "{}" : arguments;
    }
}
