package io.mlflowlite.experiments;

import io.mlflowlite.error.ConfigurationException;
import java.util.Map;
import java.util.ServiceLoader;

/** Opens experiment stores by URL through the providers on the classpath; {@code memory} needs no module. */
public final class ExperimentStores {
    /** The URL of a new {@link InMemoryExperimentStore}. */
    public static final String MEMORY = "memory";
    /** The embedded default when a store module is present: the SQLite file traces also go to. */
    public static final String DEFAULT_URL = "jdbc:sqlite:mlflowlite.db";

    private ExperimentStores() {}

    /**
     * Opens the store at {@code url}: {@code memory}, {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://…}
     * (with the store module).
     *
     * @throws ConfigurationException when no provider on the classpath understands {@code url}
     */
    public static ExperimentStore open(String url) {
        if (MEMORY.equals(url)) {
            return new InMemoryExperimentStore();
        }
        for (ExperimentStoreProvider provider : ServiceLoader.load(ExperimentStoreProvider.class)) {
            if (provider.supports(url)) {
                return provider.openExperiments(url);
            }
        }
        throw new ConfigurationException(
                "No experiment store understands '" + url + "': use memory, "
                        + "jdbc:sqlite:<file> or jdbc:postgresql://<host>/<db>, with the mlflowlite-store module on the classpath");
    }

    /**
     * The URL {@code env} names: {@code MLFLOWLITE_STORE} when set; else {@link #DEFAULT_URL} when a store module is
     * on the classpath; else {@link #MEMORY}.
     */
    public static String urlFromEnv(Map<String, String> env) {
        String url = env.get("MLFLOWLITE_STORE");
        if (url != null && !url.isBlank()) {
            return url.strip();
        }
        return ServiceLoader.load(ExperimentStoreProvider.class).findFirst().isPresent() ? DEFAULT_URL : MEMORY;
    }
}
