package io.mlflowlite.store;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Drops the databases a test created on the shared PostgreSQL server once it is done (after its {@code @AfterEach}
 * methods), for every test of this module, so that the server holds a database or two rather than one per test.
 * Registered in {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class DropTestDatabases implements TestExecutionListener {
    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest()) {
            EmbeddedPostgresServer.dropDatabases();
        }
    }
}
