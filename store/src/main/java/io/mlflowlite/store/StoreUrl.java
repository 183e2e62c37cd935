package io.mlflowlite.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store URL taken apart: which database, the JDBC URL to open, a description without secrets, and for SQLite
 * the database file.
 *
 * @param sqliteFile the database file (as written, maybe relative) for SQLite; null for PostgreSQL
 * @param password   the password given in the URL, or null: removed from every message
 */
record StoreUrl(Dialect dialect, String jdbcUrl, String description, Path sqliteFile, String password) {
    private static final String SQLITE = "jdbc:sqlite:";
    private static final String POSTGRESQL = "jdbc:postgresql:";
    private static final Pattern PASSWORD = Pattern.compile("(?i)[?&]password=([^&]*)");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?]*@");

    /** Whether {@code url} names a database this module opens. */
    static boolean supports(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith(SQLITE) || lower.startsWith(POSTGRESQL) || isSqlitePath(lower);
    }

    /** Parses a trace store's {@code url}; see {@link #parse(String, Purpose)}. */
    static StoreUrl parse(String url) {
        return parse(url, Purpose.TRACES);
    }

    /** Parses {@code url}; throws the {@code purpose}'s exception saying which URLs work when it is none of them. */
    static StoreUrl parse(String url, Purpose purpose) {
        if (url == null || url.isBlank()) {
            throw purpose.failure("No " + purpose.store() + " URL given. Fix: use jdbc:sqlite:<file>, "
                    + "jdbc:postgresql://<host>:<port>/<database>, or a file path ending in .db or .sqlite");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith(SQLITE)) {
            return sqlite(url.substring(SQLITE.length()), purpose);
        }
        if (isSqlitePath(lower)) {
            return sqlite(url, purpose);
        }
        if (lower.startsWith(POSTGRESQL)) {
            return postgresql(url);
        }
        int colon = url.indexOf(':', url.startsWith("jdbc:") ? 5 : 0);
        String scheme = colon < 0 ? url : url.substring(0, colon);
        throw purpose.failure("Unknown " + purpose.store() + " URL scheme '" + scheme + "' in '"
                + redact(url, password(url))
                + "'. Fix: use jdbc:sqlite:<file>, jdbc:postgresql://<host>:<port>/<database>, "
                + "or a file path ending in .db or .sqlite");
    }

    /** {@code text} with the URL's password replaced, for messages that quote a driver. */
    String redact(String text) {
        return redact(text, password);
    }

    /** Whether this is SQLite. */
    boolean isSqlite() {
        return dialect == Dialect.SQLITE;
    }

    private static boolean isSqlitePath(String lower) {
        if (lower.startsWith("jdbc:")) {
            return false;
        }
        return lower.endsWith(".db") || lower.endsWith(".sqlite") || lower.endsWith(".sqlite3");
    }

    private static StoreUrl sqlite(String rest, Purpose purpose) {
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        if (file.isEmpty() || file.contains(":memory:") || rest.contains("mode=memory")) {
            throw purpose.failure("An in-memory SQLite database cannot hold " + purpose.contents()
                    + ": every connection would see its own empty database. Fix: give a file, such as "
                    + "jdbc:sqlite:mlflowlite.db");
        }
        return new StoreUrl(Dialect.SQLITE, SQLITE + rest, "sqlite:" + file, Path.of(file), null);
    }

    private static StoreUrl postgresql(String url) {
        String password = password(url);
        String withoutJdbc = url.substring("jdbc:".length());
        int query = withoutJdbc.indexOf('?');
        String base = query < 0 ? withoutJdbc : withoutJdbc.substring(0, query);
        String description = USER_INFO.matcher(base).replaceFirst("//");
        return new StoreUrl(Dialect.POSTGRESQL, url, description, null, password);
    }

    private static String password(String url) {
        Matcher m = PASSWORD.matcher(url);
        if (m.find() && !m.group(1).isEmpty()) {
            return m.group(1);
        }
        Matcher info = Pattern.compile("//[^/@?:]*:([^/@?]*)@").matcher(url);
        return info.find() && !info.group(1).isEmpty() ? info.group(1) : null;
    }

    private static String redact(String text, String password) {
        return password == null || text == null ? text : text.replace(password, "***");
    }
}
