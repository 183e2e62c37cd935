package io.mlflowlite.eval;

import io.mlflowlite.error.ConfigurationException;
import java.util.Map;
import java.util.ServiceLoader;

/** Opens evaluation run stores by URL through the providers on the classpath; {@code memory} needs no module. */
public final class EvalRunStores {
    /** The URL of a new {@link InMemoryEvalRunStore}. */
    public static final String MEMORY = "memory";
    /** The embedded default when a store module is present: the SQLite file traces also go to. */
    public static final String DEFAULT_URL = "jdbc:sqlite:mlflowlite.db";

    private EvalRunStores() {}

    /**
     * Opens the run store at {@code url}: {@code memory}, {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://…}
     * (with the store module). Blocks while it connects and migrates the schema.
     *
     * @throws ConfigurationException when no provider on the classpath understands {@code url}
     * @throws EvalRunStoreException  when the database cannot be used
     */
    public static EvalRunStore open(String url) {
        if (MEMORY.equals(url)) {
            return new InMemoryEvalRunStore();
        }
        for (EvalRunStoreProvider provider : ServiceLoader.load(EvalRunStoreProvider.class)) {
            if (provider.supports(url)) {
                return provider.openEvalRuns(url);
            }
        }
        throw new ConfigurationException(
                "No evaluation run store understands '" + url + "': use memory, "
                        + "jdbc:sqlite:<file> or jdbc:postgresql://<host>/<db>, with the mlflowlite-store module on the classpath");
    }

    /** Whether a module providing persistent run stores is on the classpath. */
    public static boolean available() {
        return ServiceLoader.load(EvalRunStoreProvider.class).findFirst().isPresent();
    }

    /**
     * The store {@code env} names: {@code MLFLOWLITE_STORE} when set; else {@link #DEFAULT_URL} when a store module
     * is on the classpath; else a new in-memory store (runs last as long as the process).
     */
    public static EvalRunStore fromEnv(Map<String, String> env) {
        String url = env.get("MLFLOWLITE_STORE");
        if (url != null && !url.isBlank()) {
            return open(url.strip());
        }
        return available() ? open(DEFAULT_URL) : new InMemoryEvalRunStore();
    }
}
