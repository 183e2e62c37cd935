package io.mlflowlite.store;

import io.mlflowlite.error.MlflowliteException;
import java.sql.SQLException;

/**
 * Turns driver and pool exceptions into the store's exceptions (trace or limit, by {@link Purpose}) that name the
 * database, the problem and the fix. Messages never contain the URL's password.
 */
final class Failures {
    private static final String WHERE = "MLFLOWLITE_STORE / --store";

    private Failures() {}

    /** Why the store at {@code url} could not be opened, and what to do about it. */
    static MlflowliteException atStartup(StoreUrl url, Purpose purpose, Throwable failure) {
        if (Purpose.isOurs(failure)) {
            return (MlflowliteException) failure;
        }
        SQLException sql = sqlCause(failure);
        String detail = detail(url, sql != null ? sql.getMessage() : rootMessage(failure));
        String message = url.isSqlite() ? sqlite(url, purpose, sql, detail) : postgresql(url, purpose, sql, detail);
        return purpose.failure(message, failure);
    }

    /** The store could not do {@code what} (write, search …) because the database failed. */
    static MlflowliteException inUse(StoreUrl url, Purpose purpose, String what, Throwable failure) {
        if (Purpose.isOurs(failure)) {
            return (MlflowliteException) failure;
        }
        SQLException sql = sqlCause(failure);
        String detail = detail(url, sql != null ? sql.getMessage() : rootMessage(failure));
        return purpose.failure(
                "Could not " + what + " in the " + purpose.store() + " " + url.description() + ": " + detail, failure);
    }

    private static String sqlite(StoreUrl url, Purpose purpose, SQLException sql, String detail) {
        String db = purpose.database();
        String file = url.sqliteFile().toAbsolutePath().toString();
        int code = sql == null ? -1 : sql.getErrorCode() & 0xff;
        return switch (code) {
            case 8 ->
                "The " + db + " " + file + " is read-only (" + detail + "). Fix: make the file and its "
                        + "directory writable by this user, or point " + WHERE + " at another file";
            case 14 ->
                "Cannot open or create the " + db + " " + file + " (" + detail + "). Fix: check that "
                        + "its directory exists and is writable, or point " + WHERE + " at another file";
            case 26 ->
                file + " is not a SQLite database (" + detail + "). Fix: point " + WHERE
                        + " at another file, or move this one away";
            case 5, 6 ->
                "The " + db + " " + file + " is locked by another process (" + detail + "). Fix: "
                        + "stop the process holding it, or use PostgreSQL to share " + purpose.contents()
                        + " between processes";
            default -> "Cannot use the " + db + " " + file + ": " + detail;
        };
    }

    private static String postgresql(StoreUrl url, Purpose purpose, SQLException sql, String detail) {
        String db = purpose.database();
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String where = url.description();
        if (state.startsWith("08") || sql == null) {
            return "Cannot connect to the " + db + " " + where + ": " + detail + ". Fix: start PostgreSQL "
                    + "there, or correct the host and port in " + WHERE;
        }
        if (state.startsWith("28")) {
            return "PostgreSQL at " + where + " refused the credentials: " + detail + ". Fix: set user= and "
                    + "password= in the URL given to " + WHERE;
        }
        if (state.equals("3D000")) {
            return "The database of " + where + " does not exist: " + detail + ". Fix: create it "
                    + "(CREATE DATABASE …) or name an existing one in " + WHERE;
        }
        if (state.equals("25006")) {
            return "The " + db + " " + where + " is read-only: " + detail + ". Fix: point " + WHERE
                    + " at the primary server, not a standby, or allow this user to write";
        }
        if (state.startsWith("42")) {
            return "PostgreSQL at " + where + " refused to create or use the tables for " + purpose.contents() + ": "
                    + detail + ". Fix: grant this user CREATE and USAGE on the schema, or use another database";
        }
        return "Cannot use the " + db + " " + where + ": " + detail;
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                SQLException inner = sqlCause(sql.getCause());
                return inner != null && sql.getSQLState() == null ? inner : sql;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The driver's words without the password, and without a final period (ours follow). */
    private static String detail(StoreUrl url, String message) {
        String text = url.redact(message == null ? "" : message.strip());
        while (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
