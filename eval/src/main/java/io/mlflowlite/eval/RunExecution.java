package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Processes rows of one run (or resume): {@code maxConcurrency} workers on virtual threads take rows in dataset
 * order, predict (or take the recorded output), score, save the row to the store and report progress. Results land
 * by index, so their order never depends on which row finished first.
 */
final class RunExecution {
    private static final Logger LOG = Logger.getLogger(RunExecution.class.getName());

    private final Evaluation evaluation;
    private final String runId;
    private final JudgeChannel judges;
    private final EvalRunStore store;
    private final long startedNanos;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private volatile RuntimeException storeFailure;

    RunExecution(Evaluation evaluation, String runId, JudgeChannel judges, EvalRunStore store) {
        this.evaluation = evaluation;
        this.runId = runId;
        this.judges = judges;
        this.store = store;
        this.startedNanos = evaluation.time().nanoTime();
    }

    /**
     * Processes the rows at {@code indices}; {@code previous} holds the earlier result of a row being resumed.
     * Returns the new rows by index.
     */
    Map<Integer, RowResult> process(List<Integer> indices, Map<Integer, RowResult> previous)
            throws InterruptedException {
        RowResult[] out = new RowResult[indices.size()];
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(evaluation.maxConcurrency(), indices.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(executor.submit(() -> {
                    for (int i = next.getAndIncrement(); i < indices.size(); i = next.getAndIncrement()) {
                        int index = indices.get(i);
                        out[i] = row(index, previous.get(index));
                        finished(out[i], indices.size());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r
                    ? r
                    : new MlflowliteException("evaluation failed: " + cause, cause);
        }
        Map<Integer, RowResult> byIndex = new LinkedHashMap<>();
        for (RowResult row : out) {
            byIndex.put(row.index(), row);
        }
        return byIndex;
    }

    /** The first failure to save a row, if any (the run goes on without it). */
    Optional<RuntimeException> storeFailure() {
        return Optional.ofNullable(storeFailure);
    }

    private RowResult row(int index, RowResult before) throws InterruptedException {
        EvalRow row = evaluation.data().rows().get(index);
        boolean predict = evaluation.predictFn() != null
                && (before == null || before.error().isPresent());
        Optional<Object> outputs;
        Optional<String> error = Optional.empty();
        Optional<String> traceId;
        Trace trace;
        Duration latency;
        EvalUsage usage;
        if (predict) {
            Prediction p = Prediction.run(evaluation.predictFn(), row.inputs(), runId, index);
            outputs = p.outputs();
            error = p.error();
            traceId = p.traceId();
            trace = p.trace().orElse(null);
            latency = p.latency();
            usage = p.usage();
        } else {
            outputs = before != null ? before.outputs() : row.outputs();
            traceId = before != null ? before.traceId() : row.traceId();
            trace = traceId.flatMap(id -> evaluation
                            .data()
                            .trace(id)
                            .or(() -> Tracing.global().getTrace(id)))
                    .orElse(null);
            latency = before != null
                    ? before.latency()
                    : trace != null ? trace.info().duration() : Duration.ZERO;
            usage = before != null ? before.usage() : trace != null ? Prediction.usage(trace) : EvalUsage.ZERO;
        }
        JudgeChannel.RowAccount account = new JudgeChannel.RowAccount();
        List<Feedback> feedbacks;
        if (error.isPresent()) {
            feedbacks = RowScoring.notScored(evaluation.scorers(), "the prediction failed");
        } else {
            ScorerInput input = new ScorerInput(
                    row.inputs(), outputs.orElse(null), row.expectations(), trace, judges.forRow(account));
            feedbacks = RowScoring.score(evaluation.scorers(), input, predict ? Map.of() : kept(before));
        }
        // judge money spent on a row stays spent when a resume redoes it
        EvalUsage judgeUsage =
                before == null ? account.usage() : before.judgeUsage().plus(account.usage());
        return new RowResult(
                index,
                row.inputs(),
                outputs,
                row.expectations(),
                traceId,
                feedbacks,
                error,
                latency,
                usage,
                judgeUsage);
    }

    /** The feedbacks of a resumed row to keep, by scorer: those of scorers with nothing to redo. */
    private static Map<String, List<Feedback>> kept(RowResult before) {
        if (before == null) {
            return Map.of();
        }
        Map<String, List<Feedback>> byScorer = new LinkedHashMap<>();
        for (Feedback f : before.feedbacks()) {
            byScorer.computeIfAbsent(f.scorer(), s -> new ArrayList<>()).add(f);
        }
        byScorer.values().removeIf(list -> list.stream().anyMatch(Feedback::needsRerun));
        return byScorer;
    }

    private void finished(RowResult row, int total) {
        if (store != null) {
            try {
                store.saveRows(runId, List.of(row));
            } catch (RuntimeException e) {
                if (storeFailure == null) {
                    storeFailure = e;
                    LOG.log(
                            Level.WARNING,
                            "Could not save row " + row.index() + " of evaluation run " + runId + " to "
                                    + store.describe() + "; the run goes on",
                            e);
                }
            }
        }
        int finished = done.incrementAndGet();
        int failed = row.hasErrors() ? errors.incrementAndGet() : errors.get();
        Duration elapsed = Duration.ofNanos(evaluation.time().nanoTime() - startedNanos);
        try {
            evaluation
                    .progress()
                    .onRow(
                            new EvalProgress(
                                    runId,
                                    finished,
                                    total,
                                    failed,
                                    elapsed,
                                    EvalProgress.eta(elapsed, finished, total)),
                            row);
        } catch (RuntimeException e) {
            // the listener contract says it never throws; a broken progress bar must not stop the run
            LOG.log(Level.FINE, "progress listener threw", e);
        }
    }
}
