package io.mlflowlite.chat;

/**
 * How the model may use tools: {@code auto}, {@code none}, {@code required}, or one named function.
 *
 * @param mode     {@code auto|none|required|function}
 * @param function the function name when mode is {@code function}; null otherwise
 */
public record ToolChoice(String mode, String function) {
    public static final ToolChoice AUTO = new ToolChoice("auto", null);
    public static final ToolChoice NONE = new ToolChoice("none", null);
    public static final ToolChoice REQUIRED = new ToolChoice("required", null);

    public static ToolChoice function(String name) {
        return new ToolChoice("function", name);
    }
}
