package io.mlflowlite.prompt;

import io.mlflowlite.error.InvalidRequestException;
import java.util.List;

/**
 * A prompt name, version or alias that does not exist. The message lists what does (the known names, the
 * existing versions or the aliases), and {@link #existing()} holds the same list for programs.
 */
public class PromptNotFoundException extends InvalidRequestException {
    private final List<String> existing;

    public PromptNotFoundException(String message, List<String> existing) {
        super(message, "prompt");
        this.existing = List.copyOf(existing);
    }

    /** What exists instead: prompt names, version numbers or alias names. */
    public List<String> existing() {
        return existing;
    }
}
