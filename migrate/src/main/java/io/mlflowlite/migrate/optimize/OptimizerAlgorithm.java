package io.mlflowlite.migrate.optimize;

/** How a {@link PromptOptimizer} searches. */
public enum OptimizerAlgorithm {
    /**
     * GEPA-style reflective evolution (Agrawal et al. 2025): candidates mutated from per-row feedback by the
     * reflection model or by few-shot example selection, accepted on a minibatch, kept on a Pareto front over the
     * training rows; the finalists are compared on the validation rows.
     */
    GEPA,
    /**
     * Metaprompting: the reflection model rewrites the best prompt so far from its failing training rows and their
     * scorer rationales; a rewrite is kept when it scores better on every training row together (greedy).
     */
    METAPROMPT;

    /** {@code gepa} or {@code metaprompt} (any case). */
    public static OptimizerAlgorithm parse(String text) {
        for (OptimizerAlgorithm a : values()) {
            if (a.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown optimizer algorithm '" + text + "': use gepa or metaprompt");
    }
}
