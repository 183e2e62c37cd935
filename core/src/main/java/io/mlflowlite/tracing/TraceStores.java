package io.mlflowlite.tracing;

import io.mlflowlite.error.ConfigurationException;
import java.util.ServiceLoader;

/** Opens trace stores by URL through the {@link TraceStoreProvider}s on the classpath. */
public final class TraceStores {
    /** The embedded default: a SQLite file in the working directory. */
    public static final String DEFAULT_URL = "jdbc:sqlite:mlflowlite.db";

    private TraceStores() {}

    /**
     * Opens {@code url} ({@code jdbc:sqlite:path}, {@code jdbc:postgresql://host/db?user=…}, or a file path for
     * SQLite). Throws {@link ConfigurationException} when no provider understands it, and
     * {@link TraceStoreException} when the database cannot be used.
     */
    public static TraceStore open(String url) {
        for (TraceStoreProvider provider : ServiceLoader.load(TraceStoreProvider.class)) {
            if (provider.supports(url)) {
                return provider.open(url);
            }
        }
        throw new ConfigurationException("No trace store understands '" + url + "': use jdbc:sqlite:<file> or "
                + "jdbc:postgresql://<host>/<db>, and put the mlflowlite-store module on the classpath");
    }

    /** Whether a store module is on the classpath. */
    public static boolean available() {
        return ServiceLoader.load(TraceStoreProvider.class).findFirst().isPresent();
    }
}
