package io.mlflowlite.store;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL driver, touched only for a {@code jdbc:postgresql:} store. The driver and Flyway's PostgreSQL
 * support are optional dependencies of this module, so an app that keeps its store in SQLite does not carry
 * them; one that uses PostgreSQL adds them, and is told so when they are missing.
 */
final class PostgresDriver {
    private static final String DRIVER_CLASS = "org.postgresql.ds.PGSimpleDataSource";
    private static final String FLYWAY_CLASS = "org.flywaydb.database.postgresql.PostgreSQLDatabaseType";

    private PostgresDriver() {}

    /** A plain data source for {@code jdbcUrl}; fails saying which dependency to add when the driver is absent. */
    static DataSource dataSource(String jdbcUrl) {
        require(DRIVER_CLASS, "org.postgresql:postgresql");
        require(FLYWAY_CLASS, "org.flywaydb:flyway-database-postgresql");
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(jdbcUrl);
        return pg;
    }

    private static void require(String className, String artifact) {
        try {
            Class.forName(className, false, PostgresDriver.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("A PostgreSQL store needs " + artifact + " on the classpath (mlflowlite-"
                    + "store declares it optional, for apps that only use SQLite): add that dependency to your build");
        }
    }
}
