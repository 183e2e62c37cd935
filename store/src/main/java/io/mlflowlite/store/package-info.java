/**
 * JDBC trace stores: SQLite (the embedded default, a file in the working directory) and PostgreSQL (shared by
 * gateway replicas), one schema migrated by Flyway, queries through JDBI.
 *
 * <p>The public entry points are {@link io.mlflowlite.store.JdbcTraceStore#open(String)} and the
 * {@link io.mlflowlite.store.SqlTraceStoreProvider} that {@link io.mlflowlite.tracing.TraceStores#open(String)}
 * finds on the classpath. Every other class here is package-private and may change at any time.
 */
package io.mlflowlite.store;
