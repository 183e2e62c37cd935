package io.mlflowlite.suggest;

/** How much a {@link Suggestion} matters, from worth knowing to fix now. */
public enum Severity {
    /** An opportunity: cheaper, faster or tidier, nothing is wrong. */
    INFO,
    /** Something is likely wrong or wasteful for this call (a truncated answer, unenforced JSON). */
    WARNING,
    /** The call is failing its purpose or its reliability is at stake. */
    CRITICAL
}
