package io.mlflowlite.store;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The store's tables, created and upgraded by Flyway from one set of migrations for both databases.
 *
 * <p>The migrations live under a package path, not Flyway's default {@code db/migration}, and the history is
 * kept in {@value #HISTORY_TABLE}, so an application that runs its own Flyway on the same database (or the same
 * classpath) neither picks up these migrations nor mixes them into its history.
 */
final class Schema {
    static final String HISTORY_TABLE = "mlflowlite_schema_history";
    static final String LOCATION = "classpath:io/mlflowlite/store/migration";

    private Schema() {}

    /**
     * Brings the schema at {@code dataSource} up to this version. Refuses a schema that a newer mlflowlite
     * migrated further: its tables may no longer mean what this code assumes.
     */
    static void migrate(DataSource dataSource, Dialect dialect, Purpose purpose) {
        Flyway flyway = Flyway.configure(Schema.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .placeholders(Map.of("exact_decimal", dialect.exactDecimalType(), "cost_key", dialect.costKey("cost")))
                // A database that already holds other tables (an application's own) gets our tables beside them.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .loggers("slf4j")
                .load();
        refuseNewerSchema(flyway.info().all(), purpose);
        flyway.migrate();
    }

    private static void refuseNewerSchema(MigrationInfo[] migrations, Purpose purpose) {
        Optional<MigrationVersion> newest = Arrays.stream(migrations)
                .filter(m ->
                        m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder());
        if (newest.isEmpty()) {
            return;
        }
        String known = Arrays.stream(migrations)
                .filter(m -> m.getState().isResolved() && m.getVersion() != null)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion)
                .orElse("0");
        throw purpose.failure("The database schema version " + newest.get().getVersion()
                + " is newer than this mlflowlite (knows up to " + known + "); upgrade mlflowlite or use another "
                + "database");
    }
}
