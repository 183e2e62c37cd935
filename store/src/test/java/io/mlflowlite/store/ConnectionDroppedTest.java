package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures let a write run once more on a fresh connection: only the server having ended the connection. */
class ConnectionDroppedTest {
    @Test
    void aConnectionTheServerEndedIsRecognizedAnywhereInTheCauses() {
        assertThat(Database.connectionDropped(new RuntimeException(
                        "write traces",
                        new SQLException("FATAL: terminating connection due to administrator command", "57P01"))))
                .isTrue();
        assertThat(Database.connectionDropped(new SQLException("An I/O error occurred", "08006")))
                .isTrue();
        assertThat(Database.connectionDropped(new SQLException("This connection has been closed.", "08003")))
                .isTrue();
    }

    @Test
    void otherDatabaseErrorsAreNotRetried() {
        assertThat(Database.connectionDropped(new RuntimeException(new SQLException("duplicate key", "23505"))))
                .isFalse();
        assertThat(Database.connectionDropped(new SQLException("could not connect", "08001")))
                .as("never connected")
                .isFalse();
        assertThat(Database.connectionDropped(new SQLException("no state"))).isFalse();
        assertThat(Database.connectionDropped(new IllegalStateException("not a database error")))
                .isFalse();
    }
}
