package io.mlflowlite.store;

import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.eval.EvalRunStoreException;
import io.mlflowlite.experiments.ExperimentStoreException;
import io.mlflowlite.limits.LimitStoreException;
import io.mlflowlite.migrate.MigrationStoreException;
import io.mlflowlite.prompt.PromptStoreException;
import io.mlflowlite.tracing.TraceStoreException;

/**
 * What a database is opened for, so its error messages name what the user was doing ("the trace database", "the
 * key and usage database") and come as the exception type that part of mlflowlite documents.
 */
enum Purpose {
    TRACES("trace database", "trace store", "traces", "traces"),
    LIMITS("key and usage database", "key and usage store", "keys and usage counts", "limits"),
    PROMPTS("prompt database", "prompt store", "prompts", "prompts"),
    EVAL_RUNS("evaluation database", "evaluation run store", "evaluation runs", "evals"),
    EXPERIMENTS("experiment database", "experiment store", "experiments", "experiments"),
    MIGRATIONS("migration database", "migration store", "migrations", "migrations");

    private final String database;
    private final String store;
    private final String contents;
    private final String poolName;

    Purpose(String database, String store, String contents, String poolName) {
        this.database = database;
        this.store = store;
        this.contents = contents;
        this.poolName = poolName;
    }

    /** "trace database" */
    String database() {
        return database;
    }

    /** "trace store" */
    String store() {
        return store;
    }

    /** "traces": what the database holds. */
    String contents() {
        return contents;
    }

    /** The connection pools' name part: {@code mlflowlite-traces-writer}. */
    String poolName() {
        return poolName;
    }

    MlflowliteException failure(String message) {
        return failure(message, null);
    }

    MlflowliteException failure(String message, Throwable cause) {
        return switch (this) {
            case TRACES -> new TraceStoreException(message, cause);
            case LIMITS -> new LimitStoreException(message, cause);
            case PROMPTS -> new PromptStoreException(message, cause);
            case EVAL_RUNS -> new EvalRunStoreException(message, cause);
            case EXPERIMENTS -> new ExperimentStoreException(message, cause);
            case MIGRATIONS -> new MigrationStoreException(message, cause);
        };
    }

    /** Whether {@code failure} is already one of ours, with a message that says what to fix. */
    static boolean isOurs(Throwable failure) {
        return failure instanceof TraceStoreException
                || failure instanceof LimitStoreException
                || failure instanceof PromptStoreException
                || failure instanceof EvalRunStoreException
                || failure instanceof ExperimentStoreException
                || failure instanceof MigrationStoreException;
    }
}
