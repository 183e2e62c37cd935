/**
 * JDBC stores for traces, keys and usage counters, prompts and evaluation runs: SQLite (the embedded default, a file
 * in the working directory) and PostgreSQL (shared by gateway replicas), one schema migrated by Flyway, queries
 * through JDBI.
 *
 * <p>The public entry points are {@link io.mlflowlite.store.JdbcTraceStore#open(String)} and the
 * {@link io.mlflowlite.store.SqlTraceStoreProvider} that {@link io.mlflowlite.tracing.TraceStores#open(String)}
 * finds on the classpath; likewise {@link io.mlflowlite.store.JdbcEvalRunStore#open(String)} and
 * {@link io.mlflowlite.store.SqlEvalRunStoreProvider} for {@link io.mlflowlite.eval.EvalRunStores#open(String)}, and
 * the prompt, key and counter stores. Every other class here is package-private and may change at any time.
 */
package io.mlflowlite.store;
