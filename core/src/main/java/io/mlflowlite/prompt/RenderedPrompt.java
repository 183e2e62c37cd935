package io.mlflowlite.prompt;

import java.util.List;
import java.util.Optional;

/**
 * A template with its variables filled in: the text (text templates) or the messages (chat templates), and the
 * supplied variables the template does not use, so a caller can notice a typo ({@code nmae} for {@code name}).
 * Immutable.
 *
 * @param type     which of {@code text} and {@code messages} is set
 * @param text     the rendered text, or null for a chat template
 * @param messages the rendered messages; empty for a text template
 * @param unused   supplied variables that no placeholder used, sorted
 */
public record RenderedPrompt(PromptType type, String text, List<PromptMessage> messages, List<String> unused) {
    public RenderedPrompt {
        messages = List.copyOf(messages);
        unused = List.copyOf(new java.util.TreeSet<>(unused));
    }

    /** The rendered text of a text template. */
    public Optional<String> textIfPresent() {
        return Optional.ofNullable(text);
    }

    /** Whether every supplied variable was used. */
    public boolean usedAll() {
        return unused.isEmpty();
    }
}
