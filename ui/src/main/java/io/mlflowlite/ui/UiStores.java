package io.mlflowlite.ui;

import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.experiments.ExperimentService;
import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.ExperimentStores;
import io.mlflowlite.migrate.MigrationAdminService;
import io.mlflowlite.migrate.MigrationStore;
import io.mlflowlite.migrate.MigrationStores;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptStore;
import io.mlflowlite.prompt.PromptStores;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.webui.WebUiContext;
import java.time.Clock;

/**
 * The stores the pages read, opened on first use from the context's store URL (the trace store may come from the
 * host instead). Closes only what it opened. Thread-safe.
 */
final class UiStores implements AutoCloseable {
    private final WebUiContext context;
    private TraceStore traces;
    private boolean ownTraces;
    private PromptStore promptStore;
    private PromptRegistry prompts;
    private EvalRunStore evals;
    private ExperimentStore experimentStore;
    private ExperimentService experiments;
    private MigrationStore migrationStore;
    private MigrationAdminService migrations;

    UiStores(WebUiContext context) {
        this.context = context;
    }

    synchronized TraceStore traces() {
        if (traces == null) {
            traces = context.traces().orElse(null);
            if (traces == null) {
                traces = TraceStores.open(context.storeUrl());
                ownTraces = true;
            }
        }
        return traces;
    }

    synchronized PromptRegistry prompts() {
        if (prompts == null) {
            promptStore = PromptStores.open(context.storeUrl());
            prompts = new PromptRegistry(promptStore);
        }
        return prompts;
    }

    synchronized EvalRunStore evals() {
        if (evals == null) {
            evals = EvalRunStores.open(context.storeUrl());
        }
        return evals;
    }

    synchronized ExperimentService experiments() {
        if (experiments == null) {
            experimentStore = ExperimentStores.open(context.storeUrl());
            experiments = new ExperimentService(experimentStore, traces(), Clock.systemUTC());
        }
        return experiments;
    }

    synchronized MigrationAdminService migrations() {
        if (migrations == null) {
            migrationStore = MigrationStores.open(context.storeUrl());
            migrations = new MigrationAdminService(migrationStore, evals());
        }
        return migrations;
    }

    @Override
    public synchronized void close() {
        if (ownTraces && traces != null) {
            traces.close();
        }
        if (promptStore != null) {
            promptStore.close();
        }
        if (evals != null) {
            evals.close();
        }
        if (experimentStore != null) {
            experimentStore.close();
        }
        if (migrationStore != null) {
            migrationStore.close();
        }
    }
}
