package io.mlflowlite.migrate;

import io.mlflowlite.error.ConfigurationException;
import java.util.ServiceLoader;

/** Opens migration stores by URL through the providers on the classpath; {@code memory} needs no module. */
public final class MigrationStores {
    /** The URL of a new {@link InMemoryMigrationStore}. */
    public static final String MEMORY = "memory";

    private MigrationStores() {}

    /**
     * Opens the store at {@code url}: {@code memory}, {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://…}
     * (with the store module).
     *
     * @throws ConfigurationException when no provider on the classpath understands {@code url}
     */
    public static MigrationStore open(String url) {
        if (MEMORY.equals(url)) {
            return new InMemoryMigrationStore();
        }
        for (MigrationStoreProvider provider : ServiceLoader.load(MigrationStoreProvider.class)) {
            if (provider.supports(url)) {
                return provider.openMigrations(url);
            }
        }
        throw new ConfigurationException(
                "No migration store understands '" + url + "': use memory, "
                        + "jdbc:sqlite:<file> or jdbc:postgresql://<host>/<db>, with the mlflowlite-store module on the classpath");
    }
}
