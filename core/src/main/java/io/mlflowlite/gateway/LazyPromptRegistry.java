package io.mlflowlite.gateway;

import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import io.mlflowlite.tracing.TraceStores;
import java.util.Map;

/**
 * The gateway's prompt registry: the one it was given, else the store named by {@code MLFLOWLITE_STORE} (the
 * traces' database; the default SQLite file when unset), opened when first asked for. Lazily, because most
 * gateways bind no prompt and must not open (or require) a database for it. Thread-safe.
 */
final class LazyPromptRegistry {
    private final PromptRegistry given;
    private final Map<String, String> env;
    private PromptRegistry opened;

    LazyPromptRegistry(PromptRegistry given, Map<String, String> env) {
        this.given = given;
        this.env = env;
    }

    /**
     * The registry, opening the store on the first call.
     *
     * @throws ConfigurationException when no prompt store understands the URL
     */
    synchronized PromptRegistry get() {
        if (given != null) {
            return given;
        }
        if (opened == null) {
            String url = env.getOrDefault("MLFLOWLITE_STORE", "");
            opened = new PromptRegistry(PromptStores.open(url.isBlank() ? TraceStores.DEFAULT_URL : url));
        }
        return opened;
    }

    /** Closes the store if this opened it. */
    synchronized void close() {
        if (opened != null) {
            PromptStore store = opened.store();
            opened = null;
            store.close();
        }
    }
}
