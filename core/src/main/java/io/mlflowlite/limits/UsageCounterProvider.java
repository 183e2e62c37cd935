package io.mlflowlite.limits;

/**
 * Opens {@link UsageCounter}s for URLs it understands; found with {@link java.util.ServiceLoader}: the store
 * module for {@code jdbc:sqlite:…} and {@code jdbc:postgresql:…}, the redis module for {@code redis://…} and
 * {@code rediss://…}. Thread-safe.
 */
public interface UsageCounterProvider {
    /** Whether this provider opens {@code url}. */
    boolean supports(String url);

    /** Opens the counters at {@code url}; throws {@link LimitStoreException} saying what to fix. */
    UsageCounter openCounter(String url);
}
