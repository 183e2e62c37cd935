package io.mlflowlite.store;

import java.math.BigDecimal;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** What differs between the two databases, kept in one place so every SQL statement elsewhere is shared. */
enum Dialect {
    /**
     * SQLite would turn a value in a NUMERIC column into a 64-bit float, so exact decimals live in TEXT columns;
     * comparing them converts both sides with SQLite's own text-to-real conversion.
     */
    SQLITE("TEXT", TransactionIsolationLevel.UNKNOWN),
    /** PostgreSQL's unconstrained NUMERIC keeps any decimal exactly, with the scale it was given. */
    POSTGRESQL("NUMERIC", TransactionIsolationLevel.REPEATABLE_READ);

    private final String exactDecimalType;
    private final TransactionIsolationLevel snapshotIsolation;

    Dialect(String exactDecimalType, TransactionIsolationLevel snapshotIsolation) {
        this.exactDecimalType = exactDecimalType;
        this.snapshotIsolation = snapshotIsolation;
    }

    /** The column type of exact decimals, the value of the migrations' {@code ${exact_decimal}} placeholder. */
    String exactDecimalType() {
        return exactDecimalType;
    }

    /**
     * The isolation that makes the several queries of one read see one snapshot. SQLite's read transactions
     * already do (and its driver rejects the other levels), so there it is left as it is.
     */
    TransactionIsolationLevel snapshotIsolation() {
        return snapshotIsolation;
    }

    /** The value to bind for an exact decimal column. */
    Object decimal(BigDecimal value) {
        return this == SQLITE ? value.toPlainString() : value;
    }

    /** A condition that {@code column} (an exact decimal) is at least the decimal bound as {@code :param}. */
    String decimalAtLeast(String column, String param) {
        return this == SQLITE
                ? "CAST(" + column + " AS REAL) >= CAST(:" + param + " AS REAL)"
                : column + " >= :" + param;
    }

    /**
     * A condition that text {@code column} matches the LIKE pattern bound as {@code :param} ({@code !} escapes),
     * ignoring case: SQLite's LIKE already ignores the case of ASCII letters (and compares without converting
     * each row, several times faster than {@code LOWER}); PostgreSQL's ILIKE ignores case in full.
     */
    String containsIgnoringCase(String column, String param) {
        return column + (this == SQLITE ? " LIKE :" : " ILIKE :") + param + " ESCAPE '!'";
    }

    /**
     * The expression that orders exact decimal {@code column} by value (and the cost index is built on): the
     * column on PostgreSQL, its REAL conversion on SQLite, where the column holds text.
     */
    String costKey(String column) {
        return this == SQLITE ? "CAST(" + column + " AS REAL)" : column;
    }

    /**
     * What to append to a SELECT to lock the rows it reads until the transaction ends. SQLite has no row locks:
     * its writers are serialised on the whole database, which a transaction holds from its first write.
     */
    String forUpdate() {
        return this == SQLITE ? "" : " FOR UPDATE";
    }
}
