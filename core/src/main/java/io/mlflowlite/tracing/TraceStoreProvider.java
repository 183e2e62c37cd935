package io.mlflowlite.tracing;

/**
 * Opens {@link TraceStore}s for URLs it understands; found with {@link java.util.ServiceLoader}, so adding
 * the {@code store} module to the classpath makes SQLite and PostgreSQL URLs work. Thread-safe.
 */
public interface TraceStoreProvider {
    /** Whether this provider opens {@code url} ({@code jdbc:sqlite:…}, {@code jdbc:postgresql:…}, a file path). */
    boolean supports(String url);

    /**
     * Opens the store at {@code url}, creating or migrating its schema. Throws {@link TraceStoreException}
     * naming the problem when the database is unreachable, read-only, or has a newer schema.
     */
    TraceStore open(String url);
}
