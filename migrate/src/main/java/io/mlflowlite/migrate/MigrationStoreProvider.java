package io.mlflowlite.migrate;

/**
 * Opens {@link MigrationStore}s for URLs it understands; found with {@link java.util.ServiceLoader}, so the store
 * module on the classpath makes {@code jdbc:sqlite:…} and {@code jdbc:postgresql:…} work in
 * {@link MigrationStores#open}. Thread-safe.
 */
public interface MigrationStoreProvider {
    /** Whether this provider opens {@code url}. */
    boolean supports(String url);

    /** Opens the store at {@code url}, creating or migrating its schema. */
    MigrationStore openMigrations(String url);
}
