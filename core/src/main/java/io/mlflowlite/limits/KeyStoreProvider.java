package io.mlflowlite.limits;

/**
 * Opens {@link KeyStore}s for URLs it understands; found with {@link java.util.ServiceLoader}, so putting the
 * store module on the classpath makes {@code jdbc:sqlite:…} and {@code jdbc:postgresql:…} work in
 * {@link LimitStores#openKeys}. Thread-safe.
 */
public interface KeyStoreProvider {
    /** Whether this provider opens {@code url}. */
    boolean supports(String url);

    /** Opens the key store at {@code url}; throws {@link LimitStoreException} saying what to fix. */
    KeyStore openKeys(String url);
}
