package io.mlflowlite.chat;

/**
 * How the model may use tools: one of the {@link Mode}s ({@code auto}, {@code none}, {@code required}) or one
 * named {@link Function}. A closed set: {@code switch} over it needs no default. Immutable.
 */
public sealed interface ToolChoice permits ToolChoice.Mode, ToolChoice.Function {
    ToolChoice AUTO = Mode.AUTO;
    ToolChoice NONE = Mode.NONE;
    ToolChoice REQUIRED = Mode.REQUIRED;

    /** The wire name: {@code auto|none|required|function}. */
    String mode();

    /** The function's name for a {@link Function} choice; null otherwise. */
    String function();

    /** The model must call the function named {@code name}. */
    static ToolChoice function(String name) {
        return new Function(name);
    }

    /**
     * The choice a wire {@code mode} names ({@code function} with its {@code function} name).
     *
     * @throws IllegalArgumentException for another mode, naming the valid ones
     */
    static ToolChoice of(String mode, String function) {
        return switch (mode) {
            case "auto" -> AUTO;
            case "none" -> NONE;
            case "required" -> REQUIRED;
            case "function" -> function(function);
            default ->
                throw new IllegalArgumentException(
                        "Unknown tool choice '" + mode + "': use auto, none, required or function");
        };
    }

    /** The choices that name no function. */
    enum Mode implements ToolChoice {
        AUTO("auto"),
        NONE("none"),
        REQUIRED("required");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        @Override
        public String mode() {
            return wire;
        }

        @Override
        public String function() {
            return null;
        }
    }

    /** The model must call the function {@code name}. */
    record Function(String name) implements ToolChoice {
        public Function {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("A function tool choice needs the function's name");
            }
        }

        @Override
        public String mode() {
            return "function";
        }

        @Override
        public String function() {
            return name;
        }
    }
}
