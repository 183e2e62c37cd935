package io.mlflowlite.eval;

/**
 * Opens {@link EvalRunStore}s for URLs it understands; found with {@link java.util.ServiceLoader}, so putting the
 * store module on the classpath makes {@code jdbc:sqlite:…} and {@code jdbc:postgresql:…} work in
 * {@link EvalRunStores#open}. Thread-safe.
 */
public interface EvalRunStoreProvider {
    /** Whether this provider opens {@code url}. */
    boolean supports(String url);

    /** Opens the run store at {@code url}, creating or migrating its schema; throws {@link EvalRunStoreException} saying what to fix. */
    EvalRunStore openEvalRuns(String url);
}
