package io.mlflowlite.limits;

import io.mlflowlite.error.ConfigurationException;
import java.util.ServiceLoader;

/**
 * Opens key stores and usage counters by URL through the providers on the classpath. {@code memory} opens the
 * in-process ones, which need no module.
 */
public final class LimitStores {
    /** The URL of the in-process {@link InMemoryKeyStore} and {@link InMemoryUsageCounter}. */
    public static final String MEMORY = "memory";

    private LimitStores() {}

    /**
     * Opens the key store at {@code url}: {@code memory}, {@code jdbc:sqlite:<file>} or
     * {@code jdbc:postgresql://…} (with the store module). Blocks while it connects and migrates the schema.
     *
     * @throws ConfigurationException when no provider on the classpath understands {@code url}
     * @throws LimitStoreException    when the database cannot be used
     */
    public static KeyStore openKeys(String url) {
        if (MEMORY.equals(url)) {
            return new InMemoryKeyStore();
        }
        for (KeyStoreProvider provider : ServiceLoader.load(KeyStoreProvider.class)) {
            if (provider.supports(url)) {
                return provider.openKeys(url);
            }
        }
        throw new ConfigurationException("No key store understands '" + url + "': use memory, jdbc:sqlite:<file> "
                + "or jdbc:postgresql://<host>/<db>, with the mlflowlite-store module on the classpath");
    }

    /**
     * Opens the usage counters at {@code url}: {@code memory}, {@code jdbc:sqlite:<file>},
     * {@code jdbc:postgresql://…} (store module) or {@code redis://<host>:<port>} (redis module).
     *
     * @throws ConfigurationException when no provider on the classpath understands {@code url}
     * @throws LimitStoreException    when the database or Redis cannot be used
     */
    public static UsageCounter openCounter(String url) {
        if (MEMORY.equals(url)) {
            return new InMemoryUsageCounter();
        }
        for (UsageCounterProvider provider : ServiceLoader.load(UsageCounterProvider.class)) {
            if (provider.supports(url)) {
                return provider.openCounter(url);
            }
        }
        throw new ConfigurationException("No usage counter understands '" + url + "': use memory, "
                + "jdbc:sqlite:<file>, jdbc:postgresql://<host>/<db> (mlflowlite-store module) or "
                + "redis://<host>:<port> (mlflowlite-redis module)");
    }
}
