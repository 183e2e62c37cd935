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
    private TraceCount() {
    }

    /** Traces in the store, and how many of them carry a cost above zero. */
    static long[] count(Path database) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COUNT(*), SUM(CASE WHEN CAST(cost AS REAL) > 0 THEN 1 ELSE 0 END) FROM traces")) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2)};
        }
    }
}
