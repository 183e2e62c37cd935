package io.mlflowlite.prompt;

import java.util.Objects;

/**
 * One message of a chat template: a role ({@code system}, {@code user}, {@code assistant}, {@code developer})
 * and content that may hold {@code {{var}}} placeholders. Immutable.
 */
public record PromptMessage(String role, String content) {
    public PromptMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** A system message template. */
    public static PromptMessage system(String content) {
        return new PromptMessage("system", content);
    }

    /** A user message template. */
    public static PromptMessage user(String content) {
        return new PromptMessage("user", content);
    }

    /** An assistant message template (a few-shot example answer). */
    public static PromptMessage assistant(String content) {
        return new PromptMessage("assistant", content);
    }
}
