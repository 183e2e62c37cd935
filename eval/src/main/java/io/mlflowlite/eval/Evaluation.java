package io.mlflowlite.eval;

import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.SharedGateway;
import io.mlflowlite.time.TimeSource;
import io.mlflowlite.tracing.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * An evaluation: a dataset, optionally the application ({@link PredictFn}), and scorers, with how to run them.
 * {@link #run()} predicts and scores every row (concurrently on virtual threads, results in dataset order) and
 * returns the result; {@link #resume} redoes only what failed in an earlier result. Immutable and reusable: each
 * run is a new run id. Thread-safe; {@code run} and {@code resume} block until every row is done.
 *
 * <pre>{@code
 * EvaluationResult result = Evaluation.builder()
 *         .name("qa-baseline").data(Dataset.fromJsonl(Path.of("qa.jsonl")))
 *         .predictFn(inputs -> gateway.query("mock/pro", (String) inputs.get("question")).content())
 *         .scorers(new Correctness(), new Guidelines("tone", "Be polite"), Scorers.latency())
 *         .maxConcurrency(8).maxRequestsPerMinute(300).judgeCostCapUsd(new BigDecimal("2.00"))
 *         .build().run();
 * System.out.println(result.toTable());
 * }</pre>
 *
 * <p>Judge calls of a run share a cache (identical calls are made once), {@code maxConcurrency} (also the number of
 * rows in flight), {@code maxRequestsPerMinute} and the cost cap; see {@link ScoringContext}.
 */
public final class Evaluation {
    /** The default number of rows (and judge calls) in flight. */
    public static final int DEFAULT_MAX_CONCURRENCY = 8;
    /** The default retries of a judge call (on 429, 5xx, timeouts; with backoff, honouring Retry-After). */
    public static final int DEFAULT_JUDGE_MAX_RETRIES = 3;

    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final String name;
    private final Dataset data;
    private final PredictFn predictFn;
    private final List<Scorer> scorers;
    private final Gateway gateway;
    private final String judgeModel;
    private final int judgeMaxRetries;
    private final int maxConcurrency;
    private final int maxRequestsPerMinute;
    private final BigDecimal judgeCostCap;
    private final EvalRunStore store;
    private final ProgressListener progress;
    private final long seed;
    private final int resamples;
    private final String model;
    private final String promptVersion;
    private final Map<String, String> tags;
    private final TimeSource time;

    private Evaluation(Builder b) {
        this.name = b.name;
        this.data = Objects.requireNonNull(b.data, "data: give the dataset to evaluate");
        this.predictFn = b.predictFn;
        this.scorers = List.copyOf(b.scorers);
        Set<String> names = new HashSet<>();
        for (Scorer scorer : scorers) {
            if (!names.add(scorer.name())) {
                throw new IllegalArgumentException("two scorers are named '" + scorer.name() + "'; give one another "
                        + "name (Guidelines(name, …), Scorer.of(name, …))");
            }
        }
        this.gateway = b.gateway;
        this.judgeModel = b.judgeModel;
        this.judgeMaxRetries = b.judgeMaxRetries;
        this.maxConcurrency = b.maxConcurrency;
        this.maxRequestsPerMinute = b.maxRequestsPerMinute;
        this.judgeCostCap = b.judgeCostCap;
        this.store = b.store;
        this.progress = b.progress;
        this.seed = b.seed;
        this.resamples = b.resamples;
        this.model = b.model;
        this.promptVersion = b.promptVersion;
        this.tags = Map.copyOf(b.tags);
        this.time = b.time;
    }

    /** A builder; {@code data} is required, everything else has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Predicts (when there is a predictFn) and scores every row; saves the run to the store as it goes. */
    public EvaluationResult run() {
        Gateway gw = gateway();
        String judge = judgeModel != null ? judgeModel : JudgeModels.defaultFor(gw);
        Instant started = time.now();
        EvalRun header = EvalRun.builder()
                .runId("er-" + Ids.traceId().substring(3))
                .name(name != null ? name : "eval-" + NAME_TIME.format(started))
                .status(EvalStatus.RUNNING)
                .datasetFingerprint(data.fingerprint())
                .rowCount(data.size())
                .model(Optional.ofNullable(model))
                .promptVersion(Optional.ofNullable(promptVersion))
                .scorers(scorers.stream().map(Scorer::name).toList())
                .judgeModel(Optional.of(judge))
                .startedAt(started)
                .endedAt(Optional.empty())
                .appUsage(EvalUsage.ZERO)
                .judgeUsage(EvalUsage.ZERO)
                .judgeCalls(0)
                .judgeCacheHits(0)
                .params(params(judge))
                .tags(tags)
                .build();
        List<Integer> all = IntStream.range(0, data.size()).boxed().toList();
        return execute(header, all, Map.of(), EvaluationResult.of(header, List.of()), judge);
    }

    /**
     * Redoes what failed in {@code previous} (a result of this evaluation's dataset, from {@link #run()} or a store):
     * rows whose prediction failed are predicted and scored again; on other rows only the scorers with a feedback in
     * error (or skipped by the cost cap) run again; rows a crashed run never saved are done in full. Skips by design
     * (a missing field) stay. The merged result keeps the run id; judge spend adds up.
     *
     * @throws IllegalArgumentException when {@code previous} was run on other data (another fingerprint)
     */
    public EvaluationResult resume(EvaluationResult previous) {
        EvalRun before = previous.run();
        if (!before.datasetFingerprint().equals(data.fingerprint())) {
            throw new IllegalArgumentException("run " + before.runId() + " evaluated another dataset (fingerprint "
                    + before.datasetFingerprint().substring(0, 12) + ", this evaluation's data is "
                    + data.fingerprint().substring(0, 12) + "); resume it with the same data");
        }
        Map<Integer, RowResult> byIndex = new LinkedHashMap<>();
        previous.rows().forEach(r -> byIndex.put(r.index(), r));
        List<Integer> redo = IntStream.range(0, data.size())
                .filter(i -> byIndex.get(i) == null || byIndex.get(i).needsRerun())
                .boxed()
                .toList();
        if (redo.isEmpty()) {
            return new EvaluationResult(before, previous.rows(), this);
        }
        String judge = judgeModel != null
                ? judgeModel
                : before.judgeModel().orElseGet(() -> JudgeModels.defaultFor(gateway()));
        Map<String, String> params = new LinkedHashMap<>(before.params());
        params.putAll(params(judge));
        EvalRun header = EvalRun.builder()
                .runId(before.runId())
                .name(before.name())
                .status(EvalStatus.RUNNING)
                .datasetFingerprint(before.datasetFingerprint())
                .rowCount(before.rowCount())
                .model(before.model())
                .promptVersion(before.promptVersion())
                .scorers(before.scorers())
                .judgeModel(Optional.of(judge))
                .startedAt(before.startedAt())
                .endedAt(Optional.empty())
                .appUsage(before.appUsage())
                .judgeUsage(before.judgeUsage())
                .judgeCalls(before.judgeCalls())
                .judgeCacheHits(before.judgeCacheHits())
                .params(params)
                .tags(before.tags())
                .build();
        return execute(header, redo, byIndex, previous, judge);
    }

    private EvaluationResult execute(
            EvalRun header,
            List<Integer> indices,
            Map<Integer, RowResult> before,
            EvaluationResult previous,
            String judge) {
        save(header);
        JudgeChannel judges = new JudgeChannel(
                gateway(), judge, judgeMaxRetries, judgeCostCap, maxConcurrency, maxRequestsPerMinute, time);
        RunExecution execution = new RunExecution(this, header.runId(), judges, store);
        Map<Integer, RowResult> redone;
        try {
            redone = execution.process(indices, before);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            save(header.withStatus(EvalStatus.FAILED, time.now()));
            throw new MlflowliteException("Evaluation " + header.runId() + " was interrupted", e);
        } catch (RuntimeException e) {
            save(header.withStatus(EvalStatus.FAILED, time.now()));
            throw e;
        }
        Map<Integer, RowResult> merged = new java.util.TreeMap<>();
        previous.rows().forEach(r -> merged.put(r.index(), r));
        merged.putAll(redone);
        List<RowResult> rows = new ArrayList<>(merged.values());
        EvalUsage app = rows.stream().map(RowResult::usage).reduce(EvalUsage.ZERO, EvalUsage::plus);
        EvalRun finished = header.withStatus(EvalStatus.FINISHED, time.now())
                .withTotals(
                        app,
                        header.judgeUsage().plus(judges.spent()),
                        header.judgeCalls() + judges.calls(),
                        header.judgeCacheHits() + judges.cacheHits());
        save(finished);
        return new EvaluationResult(finished, rows, this);
    }

    private void save(EvalRun run) {
        if (store != null) {
            try {
                store.saveRun(run);
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(Evaluation.class.getName())
                        .log(
                                java.util.logging.Level.WARNING,
                                "Could not save evaluation run " + run.runId() + " to " + store.describe(),
                                e);
            }
        }
    }

    private Map<String, String> params(String judge) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("dataset_source", data.source());
        params.put("max_concurrency", Integer.toString(maxConcurrency));
        if (maxRequestsPerMinute > 0) {
            params.put("max_requests_per_minute", Integer.toString(maxRequestsPerMinute));
        }
        if (judgeCostCap != null) {
            params.put("judge_cost_cap_usd", judgeCostCap.toPlainString());
        }
        params.put("judge_max_retries", Integer.toString(judgeMaxRetries));
        params.put(EvaluationResult.SEED_PARAM, Long.toString(seed));
        params.put(EvaluationResult.RESAMPLES_PARAM, Integer.toString(resamples));
        List<String> judgeModels = scorers.stream()
                .filter(s -> s instanceof LlmJudge)
                .map(s -> ((LlmJudge) s).model().orElse(judge))
                .distinct()
                .toList();
        if (!judgeModels.isEmpty()) {
            params.put("judging", judgeModels.stream().anyMatch(JudgeModels::isOffline) ? "offline" : "llm");
            params.put("judge_models", String.join(",", judgeModels));
        }
        return params;
    }

    Gateway gateway() {
        return gateway != null ? gateway : SharedGateway.get();
    }

    Dataset data() {
        return data;
    }

    PredictFn predictFn() {
        return predictFn;
    }

    List<Scorer> scorers() {
        return scorers;
    }

    int maxConcurrency() {
        return maxConcurrency;
    }

    TimeSource time() {
        return time;
    }

    ProgressListener progress() {
        return progress;
    }

    /** Configures an {@link Evaluation}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private Dataset data;
        private PredictFn predictFn;
        private final List<Scorer> scorers = new ArrayList<>();
        private Gateway gateway;
        private String judgeModel;
        private int judgeMaxRetries = DEFAULT_JUDGE_MAX_RETRIES;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private int maxRequestsPerMinute;
        private BigDecimal judgeCostCap;
        private EvalRunStore store;
        private ProgressListener progress = ProgressListener.NONE;
        private long seed;
        private int resamples = Bootstrap.DEFAULT_RESAMPLES;
        private String model;
        private String promptVersion;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private TimeSource time = TimeSource.SYSTEM;

        private Builder() {}

        /** The run's name (default {@code eval-<UTC time>}). */
        public Builder name(String value) {
            this.name = value;
            return this;
        }
        /** The rows to evaluate (required). */
        public Builder data(Dataset value) {
            this.data = value;
            return this;
        }

        public Builder data(List<EvalRow> rows) {
            this.data = Dataset.of(rows);
            return this;
        }
        /** The application; none scores the rows' recorded outputs. */
        public Builder predictFn(PredictFn fn) {
            this.predictFn = fn;
            return this;
        }
        /** Adds scorers (names must differ); feedbacks appear in this order. */
        public Builder scorers(List<? extends Scorer> values) {
            this.scorers.addAll(values);
            return this;
        }

        public Builder scorers(Scorer... values) {
            this.scorers.addAll(Arrays.asList(values));
            return this;
        }
        /** The gateway judge calls (and semantic similarity) go through; default {@link SharedGateway.get()}. */
        public Builder gateway(Gateway value) {
            this.gateway = value;
            return this;
        }
        /** The judge model of judges that name none; default {@link JudgeModels#defaultFor}. */
        public Builder judgeModel(String value) {
            this.judgeModel = value;
            return this;
        }
        /** Retries of a judge call that fails retryably (429, 5xx, timeouts); default 3. */
        public Builder judgeMaxRetries(int value) {
            this.judgeMaxRetries = atLeast(value, 0, "judgeMaxRetries");
            return this;
        }
        /** Rows in flight, and judge calls in flight; default 8. */
        public Builder maxConcurrency(int value) {
            this.maxConcurrency = atLeast(value, 1, "maxConcurrency");
            return this;
        }
        /** Judge calls started per minute, at most; 0 (default) for no limit. */
        public Builder maxRequestsPerMinute(int value) {
            this.maxRequestsPerMinute = atLeast(value, 0, "maxRequestsPerMinute");
            return this;
        }
        /** Stop calling judges once they cost this many US dollars in this run; null (default) for no cap. */
        public Builder judgeCostCapUsd(BigDecimal value) {
            if (value != null && value.signum() < 0) {
                throw new IllegalArgumentException("judgeCostCapUsd must not be negative, was " + value);
            }
            this.judgeCostCap = value;
            return this;
        }

        public Builder judgeCostCapUsd(double value) {
            return judgeCostCapUsd(BigDecimal.valueOf(value));
        }
        /** Where the run is saved (header at start and end, each row as it finishes); default none. */
        public Builder store(EvalRunStore value) {
            this.store = value;
            return this;
        }

        public Builder progress(ProgressListener value) {
            this.progress = Objects.requireNonNull(value);
            return this;
        }
        /** The seed of the bootstrap confidence intervals (default 0), so a run's intervals are reproducible. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }
        /** Bootstrap resamples per interval (default 2,000). */
        public Builder bootstrapResamples(int value) {
            this.resamples = atLeast(value, 1, "bootstrapResamples");
            return this;
        }
        /** The application model under evaluation, recorded on the run (e.g. for comparisons). */
        public Builder model(String value) {
            this.model = value;
            return this;
        }
        /** The prompt version under evaluation ({@code prompts:/qa/3}), recorded on the run. */
        public Builder promptVersion(String value) {
            this.promptVersion = value;
            return this;
        }

        public Builder tag(String key, String value) {
            this.tags.put(key, value);
            return this;
        }
        /** The clock of the rate limiter, timings and progress; tests pass a fake one. */
        public Builder timeSource(TimeSource value) {
            this.time = Objects.requireNonNull(value);
            return this;
        }

        private static int atLeast(int value, int min, String what) {
            if (value < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + ", was " + value);
            }
            return value;
        }

        /** @throws IllegalArgumentException when data is missing or two scorers share a name */
        public Evaluation build() {
            return new Evaluation(this);
        }
    }
}
