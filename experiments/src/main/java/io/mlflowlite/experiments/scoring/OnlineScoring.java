package io.mlflowlite.experiments.scoring;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.chat.Feedback;
import io.mlflowlite.eval.CostCapReachedException;
import io.mlflowlite.eval.Dataset;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.LlmJudge;
import io.mlflowlite.eval.Requirement;
import io.mlflowlite.eval.Scorer;
import io.mlflowlite.eval.ScorerInput;
import io.mlflowlite.eval.ScoringContext;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.tracing.Assessment;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceQueue;
import io.mlflowlite.tracing.TraceSink;
import io.mlflowlite.tracing.TraceState;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStoreException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Scores live traffic: evaluation {@link Scorer}s (code scorers, LLM judges) run on a sample of the gateway's
 * finished calls, and each feedback they return is attached to the call's trace as an {@link Assessment}
 * (source: the scorer, {@code CODE:<name>} or {@code LLM_JUDGE:<model>}; metadata {@value Feedback#SCORER} and
 * {@value #ORIGIN}={@value #ONLINE}).
 *
 * <pre>{@code
 * OnlineScoring scoring = OnlineScoring.builder()
 *         .scorers(Scorer.of("is_concise", out -> out.toString().length() < 800), new Correctness())
 *         .sampleRate(0.05)                 // 5% of calls, chosen by trace id
 *         .experiment("greeting-tone")      // only calls an A/B test routed (optional)
 *         .maxJudgeUsdPerDay(new BigDecimal("2.00"))
 *         .attach(gateway);                 // a sink of gateway.tracing(): hears every finished call
 * }</pre>
 *
 * <p>It is a {@link TraceSink}: it sees each finished call with its trace id, request (the root span's inputs),
 * response (outputs) and tags, redacted as stored, whichever way the call came (library, server, stream),
 * without a step in the pipeline. Off the request path: {@link #accept} filters, samples and offers the trace to
 * a bounded queue, and returns; a full queue drops the trace and counts it ({@link OnlineScoringStats#dropped()}),
 * never blocking the call. {@code maxConcurrency} workers take traces from the queue and run the scorers.
 *
 * <p>Sampling is deterministic: a trace is scored when the random part of its id, read as a fraction in [0, 1),
 * is below the rate ({@link #sampled}), so a replica, a rerun or a report computes the same sample. Calls that
 * failed, traces without outputs, and the judge calls themselves (evaluation's and online scoring's) are not
 * scored. A scorer that needs what live traffic lacks (expectations) is skipped and counted, not attached.
 *
 * <p>Judge calls go to the gateway with their own budget: {@code maxJudgeUsdPerHour} and
 * {@code maxJudgeUsdPerDay} (UTC windows). Once a window's spend reached its cap, judge-backed scorers are skipped
 * until the next window ({@link OnlineScoringStats#overBudget()}); a cap may be exceeded by the calls already in
 * flight. Thread-safe.
 */
public final class OnlineScoring implements TraceSink {
    /** Assessment metadata key saying where a score came from. */
    public static final String ORIGIN = "mlflowlite.scoring";
    /** {@value #ORIGIN} of online scores. */
    public static final String ONLINE = "online";
    /** Request metadata (and so trace tag) of this scoring's judge calls; such traces are never scored. */
    public static final String JUDGE_CALL_TAG = "mlflowlite.scoring.judge";
    /** The trace tag an A/B test's calls carry ({@link io.mlflowlite.routing.RouteDecision#tags()}). */
    public static final String EXPERIMENT_TAG = "mlflowlite.experiment";
    /** Evaluation's tag on its judge calls. */
    private static final String EVAL_JUDGE_TAG = "mlflowlite.eval.judge";

    private static final Logger LOG = Logger.getLogger(OnlineScoring.class.getName());

    private final List<Scorer> scorers;
    private final double sampleRate;
    private final Map<String, String> tagFilter;
    private final TraceStore store;
    private final ScoringContext context;
    private final JudgeBudget budget;
    private final Clock clock;
    private final TraceQueue queue;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong sampled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong scored = new AtomicLong();
    private final AtomicLong assessments = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong overBudget = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final Object idle = new Object();
    private volatile boolean closed;

    private OnlineScoring(Builder b, TraceStore store, ScoringContext judges) {
        this.scorers = List.copyOf(b.scorers);
        this.sampleRate = b.sampleRate;
        this.tagFilter = Map.copyOf(b.tags);
        this.store = store;
        this.clock = b.clock;
        this.budget = new JudgeBudget(b.maxJudgeUsdPerHour, b.maxJudgeUsdPerDay, b.clock);
        this.context = new BudgetedContext(judges, budget);
        this.queue = new TraceQueue(b.queueCapacity, b.queueChars);
        for (int i = 0; i < b.maxConcurrency; i++) {
            Thread worker = Thread.ofPlatform()
                    .daemon()
                    .name("mlflowlite-online-scoring-" + i)
                    .unstarted(this::work);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the trace {@code traceId} is in a sample of {@code rate}: its last 16 hex digits (random in every
     * mlflowlite trace id) as a fraction in [0, 1), below {@code rate}. Other ids are hashed.
     */
    public static boolean sampled(String traceId, double rate) {
        if (rate >= 1) {
            return true;
        }
        if (rate <= 0) {
            return false;
        }
        long bits;
        try {
            bits = Long.parseUnsignedLong(traceId.substring(Math.max(0, traceId.length() - 16)), 16);
        } catch (NumberFormatException e) {
            bits = mix(traceId.hashCode());
        }
        return (bits >>> 11) * 0x1.0p-53 < rate;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** Takes a finished trace: filters, samples and queues it; never blocks, never throws. */
    @Override
    public void accept(Trace trace) {
        if (closed) {
            return;
        }
        seen.incrementAndGet();
        Map<String, String> tags = trace.info().tags();
        if (tags.containsKey(JUDGE_CALL_TAG) || tags.containsKey(EVAL_JUDGE_TAG)) {
            return;
        }
        if (trace.info().state() != TraceState.OK) {
            return;
        }
        for (Map.Entry<String, String> wanted : tagFilter.entrySet()) {
            if (!wanted.getValue().equals(tags.get(wanted.getKey()))) {
                return;
            }
        }
        if (!sampled(trace.traceId(), sampleRate)) {
            return;
        }
        sampled.incrementAndGet();
        if (!queue.offer(trace)) {
            dropped.incrementAndGet();
        }
    }

    private void work() {
        while (!closed || !queue.isEmpty()) {
            Trace trace;
            try {
                trace = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (trace == null) {
                continue;
            }
            busy.incrementAndGet();
            try {
                score(trace); // attached to the trace; nobody waits for the list
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                LOG.log(Level.WARNING, "Online scoring of trace " + trace.traceId() + " failed", e);
            } finally {
                busy.decrementAndGet();
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        }
    }

    private List<Feedback> score(Trace trace) {
        EvalRow row = Dataset.fromTraces(List.of(trace)).rows().getFirst();
        if (row.outputs().isEmpty()) {
            skipped.addAndGet(scorers.size());
            return List.of();
        }
        ScorerInput input = new ScorerInput(row.inputs(), row.outputs().get(), Map.of(), trace, context);
        List<Feedback> all = new ArrayList<>();
        for (Scorer scorer : scorers) {
            for (Feedback feedback : run(scorer, input)) {
                attach(trace.traceId(), feedback);
                all.add(feedback);
            }
        }
        scored.incrementAndGet();
        return all;
    }

    /**
     * Scores one finished call now, on the caller's thread, with every scorer (no sampling, no tag filter, within
     * the judge budget), attaches each result to its trace as the online scores are, and returns the response with
     * {@link ChatResponse#scores()} filled. For a library that wants the scores with the answer; the call then
     * takes as long as its scorers (a judge call each) on top of the model. {@code trace} is the call's trace, as
     * {@code gateway.tracing().getTrace(response.traceId())} returns it right after the call.
     */
    public ChatResponse scoreNow(ChatResponse response, Trace trace) {
        if (response.traceId().isEmpty() || !response.traceId().get().equals(trace.traceId())) {
            throw new IllegalArgumentException("scoreNow needs the response's own trace (its trace id is "
                    + response.traceId().orElse("none: tracing is off") + ", the trace's " + trace.traceId() + ")");
        }
        ChatResponse.Builder scored = response.toBuilder();
        score(trace).forEach(scored::score);
        return scored.build();
    }

    /** The scorer's feedbacks, named and sourced; empty when it was skipped. */
    private List<Feedback> run(Scorer scorer, ScorerInput input) {
        String source = scorer instanceof LlmJudge judge
                ? "LLM_JUDGE:" + judge.model().orElseGet(context::judgeModel)
                : "CODE:" + scorer.name();
        for (Requirement requirement : scorer.requirements()) {
            if (!requirement.isMet(input)) {
                skipped.incrementAndGet();
                return List.of();
            }
        }
        Map<String, String> metadata = Map.of(Feedback.SCORER, scorer.name(), ORIGIN, ONLINE);
        try {
            List<Feedback> result = scorer.score(input);
            if (result == null || result.isEmpty()) {
                errors.incrementAndGet();
                return List.of(Feedback.error(scorer.name(), source, "scorer returned no feedback")
                        .withMetadata(metadata));
            }
            List<Feedback> named = new ArrayList<>();
            for (Feedback f : result) {
                if (f.isSkipped()) {
                    skipped.incrementAndGet();
                    continue;
                }
                if (f.isError()) {
                    errors.incrementAndGet();
                }
                named.add(f.named(
                                f.name().isBlank() ? scorer.name() : f.name(),
                                f.source() == null || f.source().isBlank() ? source : f.source())
                        .withMetadata(metadata));
            }
            return named;
        } catch (CostCapReachedException e) {
            overBudget.incrementAndGet();
            return List.of();
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            return List.of(Feedback.error(scorer.name(), source, e.getClass().getSimpleName() + ": " + e.getMessage())
                    .withMetadata(metadata));
        }
    }

    private void attach(String traceId, Feedback feedback) {
        try {
            store.logAssessment(new Assessment(Assessment.newId(), traceId, feedback, clock.instant()));
            assessments.incrementAndGet();
        } catch (TraceStoreException | UnsupportedOperationException e) {
            errors.incrementAndGet();
            LOG.log(Level.WARNING, "Could not attach " + feedback.name() + " to trace " + traceId, e);
        }
    }

    /** Blocks until every queued trace was scored, or the timeout passed. */
    @Override
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!queue.isEmpty() || busy.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Stops taking traces, scores what is queued (up to 10 s) and stops the workers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flush(Duration.ofSeconds(10));
        workers.forEach(Thread::interrupt);
    }

    /** The counters so far. */
    public OnlineScoringStats stats() {
        return new OnlineScoringStats(
                seen.get(),
                sampled.get(),
                dropped.get(),
                scored.get(),
                assessments.get(),
                skipped.get(),
                overBudget.get(),
                errors.get(),
                budget.total());
    }

    /** Judge calls through the gateway, refused once the budget is spent, tagged so they are not scored. */
    private record BudgetedContext(ScoringContext delegate, JudgeBudget budget) implements ScoringContext {
        @Override
        public String judgeModel() {
            return delegate.judgeModel();
        }

        @Override
        public ChatResponse complete(ChatRequest request) {
            JudgeBudget.Reached reached = budget.reached();
            if (reached != null) {
                throw new CostCapReachedException(reached.capUsd(), reached.spentUsd());
            }
            ChatResponse response = delegate.complete(
                    request.toBuilder().metadata(JUDGE_CALL_TAG, "true").build());
            budget.spend(response.cost().total());
            return response;
        }

        @Override
        public EmbeddingResponse embed(EmbeddingRequest request) {
            JudgeBudget.Reached reached = budget.reached();
            if (reached != null) {
                throw new CostCapReachedException(reached.capUsd(), reached.spentUsd());
            }
            EmbeddingResponse response = delegate.embed(request);
            budget.spend(response.cost().total());
            return response;
        }
    }

    /** Configures an {@link OnlineScoring}; not thread-safe. */
    public static final class Builder {
        private final List<Scorer> scorers = new ArrayList<>();
        private double sampleRate = 1.0;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private int queueCapacity = 1000;
        private long queueChars = 16L << 20;
        private int maxConcurrency = 2;
        private BigDecimal maxJudgeUsdPerHour;
        private BigDecimal maxJudgeUsdPerDay;
        private String judgeModel;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The scorers to run on each sampled call, in order. */
        public Builder scorers(Scorer... more) {
            scorers.addAll(List.of(more));
            return this;
        }

        /** The scorers to run on each sampled call, in order. */
        public Builder scorers(List<? extends Scorer> more) {
            scorers.addAll(more);
            return this;
        }

        /** The share of calls scored, 0 to 1 (default 1: every call); chosen by trace id ({@link #sampled}). */
        public Builder sampleRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("sampleRate must be between 0 and 1, was " + rate);
            }
            this.sampleRate = rate;
            return this;
        }

        /** Scores only calls of this A/B test (trace tag {@value #EXPERIMENT_TAG}). */
        public Builder experiment(String name) {
            return tag(EXPERIMENT_TAG, name);
        }

        /** Scores only calls whose trace has tag {@code key} = {@code value}; several tags must all match. */
        public Builder tag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Traces waiting to be scored at most (default 1000); a sampled call finding it full is dropped. */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1, was " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * Characters of span text ({@link Trace#textLength}: inputs, outputs) waiting to be scored at most (default
         * 16 Mi, 16 to 32 MiB of heap), so large requests cannot fill the heap while the judges lag; a sampled call
         * that would pass it is dropped.
         */
        public Builder queueChars(long chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("queueChars must be at least 1, was " + chars);
            }
            this.queueChars = chars;
            return this;
        }

        /** Traces scored at once, so judge calls in flight at most per scorer (default 2 workers). */
        public Builder maxConcurrency(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + workers);
            }
            this.maxConcurrency = workers;
            return this;
        }

        /** Dollars of judge calls per UTC hour at most; null for no hourly cap. */
        public Builder maxJudgeUsdPerHour(BigDecimal usd) {
            this.maxJudgeUsdPerHour = nonNegative(usd, "maxJudgeUsdPerHour");
            return this;
        }

        /** Dollars of judge calls per UTC day at most; null for no daily cap. */
        public Builder maxJudgeUsdPerDay(BigDecimal usd) {
            this.maxJudgeUsdPerDay = nonNegative(usd, "maxJudgeUsdPerDay");
            return this;
        }

        /** The judge model of judges that name none (default: as evaluation picks it). */
        public Builder judgeModel(String model) {
            this.judgeModel = model;
            return this;
        }

        /** The clock of budget windows and assessment times (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Starts scoring {@code gateway}'s calls: judges call {@code gateway}, assessments go to its tracing's
         * store, and the scoring is added as a sink of {@code gateway.tracing()} (closing the tracing closes it).
         *
         * @throws IllegalStateException when the gateway's tracing has no store to attach assessments to
         */
        public OnlineScoring attach(Gateway gateway) {
            TraceStore target = gateway.tracing()
                    .store()
                    .orElseThrow(() -> new IllegalStateException("Online scoring attaches scores to traces, but the "
                            + "gateway's tracing has no store (tracing off?); configure MLFLOWLITE_STORE or "
                            + "Tracing.builder().store(...)"));
            OnlineScoring scoring = build(target, ScoringContext.direct(gateway, judgeModel));
            gateway.tracing().addSink(scoring);
            return scoring;
        }

        /**
         * A scoring that attaches to {@code store} and calls judges through {@code judges}, not yet hearing any
         * traces: add it as a sink ({@code Tracing.builder().sink(...)}, {@code tracing.addSink(...)}).
         */
        public OnlineScoring build(TraceStore store, ScoringContext judges) {
            if (scorers.isEmpty()) {
                throw new IllegalStateException("Online scoring needs at least one scorer");
            }
            return new OnlineScoring(this, Objects.requireNonNull(store, "store"), Objects.requireNonNull(judges));
        }

        private static BigDecimal nonNegative(BigDecimal usd, String what) {
            if (usd != null && usd.signum() < 0) {
                throw new IllegalArgumentException(what + " must not be negative, was " + usd);
            }
            return usd;
        }
    }
}
