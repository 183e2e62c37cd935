package io.mlflowlite.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Counts the traces the gateway committed to its SQLite store, read from the file itself: proof that the
 * gateway's trace writer kept writing during the run rather than queueing, spilling or dropping. SQLite in WAL
 * mode lets this reader look while the gateway writes.
 */
final class TraceCount {
    private TraceCount() {}

    /** Traces in the store: an index count, cheap enough to repeat while the gateway writes. */
    static long count(Path database) throws SQLException {
        return query(database, "SELECT COUNT(*) FROM traces");
    }

    /** Traces with a cost above zero: reads every row, so once, at the end. */
    static long priced(Path database) throws SQLException {
        return query(database, "SELECT COUNT(*) FROM traces WHERE CAST(cost AS REAL) > 0");
    }

    private static long query(Path database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
