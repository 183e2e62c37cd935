package io.mlflowlite.prompt;

import io.mlflowlite.error.ConfigurationException;
import java.util.ServiceLoader;

/** Opens prompt stores by URL through the providers on the classpath; {@code memory} needs no module. */
public final class PromptStores {
    /** The URL of a new {@link InMemoryPromptStore}. */
    public static final String MEMORY = "memory";

    private PromptStores() {}

    /**
     * Opens the prompt store at {@code url}: {@code memory}, {@code jdbc:sqlite:<file>} or
     * {@code jdbc:postgresql://…} (with the store module). Blocks while it connects and migrates the schema.
     *
     * @throws ConfigurationException when no provider on the classpath understands {@code url}
     * @throws PromptStoreException   when the database cannot be used
     */
    public static PromptStore open(String url) {
        if (MEMORY.equals(url)) {
            return new InMemoryPromptStore();
        }
        for (PromptStoreProvider provider : ServiceLoader.load(PromptStoreProvider.class)) {
            if (provider.supports(url)) {
                return provider.openPrompts(url);
            }
        }
        throw new ConfigurationException("No prompt store understands '" + url + "': use memory, jdbc:sqlite:<file> "
                + "or jdbc:postgresql://<host>/<db>, with the mlflowlite-store module on the classpath");
    }
}
