package io.mlflowlite.eval;

/** What a scorer's values are, which decides how they aggregate. */
public enum ValueKind {
    /** Verdicts: booleans and yes/no strings; aggregated as a pass rate. */
    BOOLEAN,
    /** Numbers (booleans among them count as 1/0); aggregated as a mean. */
    NUMERIC,
    /** Other text; aggregated as counts per value. */
    TEXT,
    /** No row produced a value (all skipped or failed). */
    NONE
}
