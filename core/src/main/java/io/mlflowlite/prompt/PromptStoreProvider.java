package io.mlflowlite.prompt;

/**
 * Opens {@link PromptStore}s for URLs it understands; found with {@link java.util.ServiceLoader}, so putting the
 * store module on the classpath makes {@code jdbc:sqlite:…} and {@code jdbc:postgresql:…} work in
 * {@link PromptStores#open}. Thread-safe.
 */
public interface PromptStoreProvider {
    /** Whether this provider opens {@code url}. */
    boolean supports(String url);

    /** Opens the prompt store at {@code url}; throws {@link PromptStoreException} saying what to fix. */
    PromptStore openPrompts(String url);
}
