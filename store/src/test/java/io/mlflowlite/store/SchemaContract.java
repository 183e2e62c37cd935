package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStoreException;
import io.mlflowlite.tracing.TraceStores;
import org.junit.jupiter.api.Test;

/** The schema is created once, kept across restarts, and a schema from a newer version is refused. */
interface SchemaContract extends StoreAccess {

    @Test
    default void keepsTracesAcrossReopeningWithoutMigratingAgain() {
        Trace trace = Traces.chat().build();
        write(trace);
        store().close();

        try (TraceStore reopened = TraceStores.open(url())) {
            assertThat(reopened.get(trace.traceId())).contains(trace);
        }
        assertThat(number("SELECT COUNT(*) FROM " + Schema.HISTORY_TABLE + " WHERE version = '1'"))
                .isEqualTo(1);
    }

    @Test
    default void refusesASchemaMigratedByANewerVersion() {
        store().close();
        sql("INSERT INTO " + Schema.HISTORY_TABLE + " (installed_rank, version, description, type, script, "
                + "checksum, installed_by, execution_time, success) "
                + "VALUES (100, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 1, TRUE)");

        assertThatThrownBy(() -> TraceStores.open(url()))
                .isInstanceOf(TraceStoreException.class)
                .hasMessage("The database schema version 99 is newer than this mlflowlite (knows up to 10); "
                        + "upgrade mlflowlite or use another database");
    }
}
