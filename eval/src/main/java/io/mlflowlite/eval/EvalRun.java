package io.mlflowlite.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An evaluation run's header: what was evaluated, how, when, and what it cost. The rows are
 * {@link RowResult}s; both are what an {@link EvalRunStore} persists. Immutable.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} copies one.
 */
public final class EvalRun {
    private final String runId;
    private final String name;
    private final EvalStatus status;
    private final String datasetFingerprint;
    private final int rowCount;
    private final Optional<String> model;
    private final Optional<String> promptVersion;
    private final List<String> scorers;
    private final Optional<String> judgeModel;
    private final Instant startedAt;
    private final Optional<Instant> endedAt;
    private final EvalUsage appUsage;
    private final EvalUsage judgeUsage;
    private final long judgeCalls;
    private final long judgeCacheHits;
    private final Map<String, String> params;
    private final Map<String, String> tags;

    private EvalRun(
            String runId,
            String name,
            EvalStatus status,
            String datasetFingerprint,
            int rowCount,
            Optional<String> model,
            Optional<String> promptVersion,
            List<String> scorers,
            Optional<String> judgeModel,
            Instant startedAt,
            Optional<Instant> endedAt,
            EvalUsage appUsage,
            EvalUsage judgeUsage,
            long judgeCalls,
            long judgeCacheHits,
            Map<String, String> params,
            Map<String, String> tags) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(datasetFingerprint, "datasetFingerprint");
        Objects.requireNonNull(startedAt, "startedAt");
        model = model == null ? Optional.empty() : model;
        promptVersion = promptVersion == null ? Optional.empty() : promptVersion;
        judgeModel = judgeModel == null ? Optional.empty() : judgeModel;
        endedAt = endedAt == null ? Optional.empty() : endedAt;
        scorers = scorers == null ? List.of() : List.copyOf(scorers);
        appUsage = appUsage == null ? EvalUsage.ZERO : appUsage;
        judgeUsage = judgeUsage == null ? EvalUsage.ZERO : judgeUsage;
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        this.runId = runId;
        this.name = name;
        this.status = status;
        this.datasetFingerprint = datasetFingerprint;
        this.rowCount = rowCount;
        this.model = model;
        this.promptVersion = promptVersion;
        this.scorers = scorers;
        this.judgeModel = judgeModel;
        this.startedAt = startedAt;
        this.endedAt = endedAt;
        this.appUsage = appUsage;
        this.judgeUsage = judgeUsage;
        this.judgeCalls = judgeCalls;
        this.judgeCacheHits = judgeCacheHits;
        this.params = params;
        this.tags = tags;
    }

    /** A builder with every field unset (null, 0 or false). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this value's fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.runId = runId;
        b.name = name;
        b.status = status;
        b.datasetFingerprint = datasetFingerprint;
        b.rowCount = rowCount;
        b.model = model;
        b.promptVersion = promptVersion;
        b.scorers = scorers;
        b.judgeModel = judgeModel;
        b.startedAt = startedAt;
        b.endedAt = endedAt;
        b.appUsage = appUsage;
        b.judgeUsage = judgeUsage;
        b.judgeCalls = judgeCalls;
        b.judgeCacheHits = judgeCacheHits;
        b.params = params;
        b.tags = tags;
        return b;
    }

    /** {@code er-} + 32 hex digits. */
    public String runId() {
        return runId;
    }

    /** The run's name (given, or {@code eval-<time>}). */
    public String name() {
        return name;
    }

    /** Where the run is. */
    public EvalStatus status() {
        return status;
    }

    /** SHA-256 (hex) of the dataset's canonical JSON: {@link Dataset#fingerprint()}. */
    public String datasetFingerprint() {
        return datasetFingerprint;
    }

    /** Rows in the dataset. */
    public int rowCount() {
        return rowCount;
    }

    /** The application's model under evaluation, when the caller named it. */
    public Optional<String> model() {
        return model;
    }

    /** The prompt version under evaluation ({@code prompts:/qa/3}), when named. */
    public Optional<String> promptVersion() {
        return promptVersion;
    }

    /** The scorers' names, in the order given. */
    public List<String> scorers() {
        return scorers;
    }

    /** The run's default judge model ({@code local/judge} means offline judging). */
    public Optional<String> judgeModel() {
        return judgeModel;
    }

    /** When the run (or its first part, for a resumed run) started. */
    public Instant startedAt() {
        return startedAt;
    }

    /** When it last ended; empty while running. */
    public Optional<Instant> endedAt() {
        return endedAt;
    }

    /** Tokens and dollars of the application's predictions, over the current rows. */
    public EvalUsage appUsage() {
        return appUsage;
    }

    /** Tokens and dollars of every judge call the run made, resumes included. */
    public EvalUsage judgeUsage() {
        return judgeUsage;
    }

    /** Judge model calls made (cache hits excluded; repairs included). */
    public long judgeCalls() {
        return judgeCalls;
    }

    /** Judge calls answered by the run's cache (identical model and messages). */
    public long judgeCacheHits() {
        return judgeCacheHits;
    }

    /** Settings: {@code max_concurrency}, {@code max_requests_per_minute}, {@code judge_cost_cap_usd}, {@code seed}, {@code judging} (offline/llm) …. */
    public Map<String, String> params() {
        return params;
    }

    /** The caller's labels ({@code candidate=gpt-5}). */
    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EvalRun o
                && Objects.equals(runId, o.runId)
                && Objects.equals(name, o.name)
                && Objects.equals(status, o.status)
                && Objects.equals(datasetFingerprint, o.datasetFingerprint)
                && rowCount == o.rowCount
                && Objects.equals(model, o.model)
                && Objects.equals(promptVersion, o.promptVersion)
                && Objects.equals(scorers, o.scorers)
                && Objects.equals(judgeModel, o.judgeModel)
                && Objects.equals(startedAt, o.startedAt)
                && Objects.equals(endedAt, o.endedAt)
                && Objects.equals(appUsage, o.appUsage)
                && Objects.equals(judgeUsage, o.judgeUsage)
                && judgeCalls == o.judgeCalls
                && judgeCacheHits == o.judgeCacheHits
                && Objects.equals(params, o.params)
                && Objects.equals(tags, o.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                runId,
                name,
                status,
                datasetFingerprint,
                rowCount,
                model,
                promptVersion,
                scorers,
                judgeModel,
                startedAt,
                endedAt,
                appUsage,
                judgeUsage,
                judgeCalls,
                judgeCacheHits,
                params,
                tags);
    }

    @Override
    public String toString() {
        return "EvalRun[runId=%s, name=%s, status=%s, datasetFingerprint=%s, rowCount=%s, model=%s, promptVersion=%s, scorers=%s, judgeModel=%s, startedAt=%s, endedAt=%s, appUsage=%s, judgeUsage=%s, judgeCalls=%s, judgeCacheHits=%s, params=%s, tags=%s]"
                .formatted(
                        runId,
                        name,
                        status,
                        datasetFingerprint,
                        rowCount,
                        model,
                        promptVersion,
                        scorers,
                        judgeModel,
                        startedAt,
                        endedAt,
                        appUsage,
                        judgeUsage,
                        judgeCalls,
                        judgeCacheHits,
                        params,
                        tags);
    }

    /** Builds {@link EvalRun}s. Not thread-safe. */
    public static final class Builder {
        private String runId;
        private String name;
        private EvalStatus status;
        private String datasetFingerprint;
        private int rowCount;
        private Optional<String> model;
        private Optional<String> promptVersion;
        private List<String> scorers;
        private Optional<String> judgeModel;
        private Instant startedAt;
        private Optional<Instant> endedAt;
        private EvalUsage appUsage;
        private EvalUsage judgeUsage;
        private long judgeCalls;
        private long judgeCacheHits;
        private Map<String, String> params;
        private Map<String, String> tags;

        private Builder() {}

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder status(EvalStatus status) {
            this.status = status;
            return this;
        }

        public Builder datasetFingerprint(String datasetFingerprint) {
            this.datasetFingerprint = datasetFingerprint;
            return this;
        }

        public Builder rowCount(int rowCount) {
            this.rowCount = rowCount;
            return this;
        }

        public Builder model(Optional<String> model) {
            this.model = model;
            return this;
        }

        public Builder promptVersion(Optional<String> promptVersion) {
            this.promptVersion = promptVersion;
            return this;
        }

        public Builder scorers(List<String> scorers) {
            this.scorers = scorers;
            return this;
        }

        public Builder judgeModel(Optional<String> judgeModel) {
            this.judgeModel = judgeModel;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder endedAt(Optional<Instant> endedAt) {
            this.endedAt = endedAt;
            return this;
        }

        public Builder appUsage(EvalUsage appUsage) {
            this.appUsage = appUsage;
            return this;
        }

        public Builder judgeUsage(EvalUsage judgeUsage) {
            this.judgeUsage = judgeUsage;
            return this;
        }

        public Builder judgeCalls(long judgeCalls) {
            this.judgeCalls = judgeCalls;
            return this;
        }

        public Builder judgeCacheHits(long judgeCacheHits) {
            this.judgeCacheHits = judgeCacheHits;
            return this;
        }

        public Builder params(Map<String, String> params) {
            this.params = params;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public EvalRun build() {
            return new EvalRun(
                    runId,
                    name,
                    status,
                    datasetFingerprint,
                    rowCount,
                    model,
                    promptVersion,
                    scorers,
                    judgeModel,
                    startedAt,
                    endedAt,
                    appUsage,
                    judgeUsage,
                    judgeCalls,
                    judgeCacheHits,
                    params,
                    tags);
        }
    }

    /** Wall time from start to end (to now while running). */
    public Duration duration() {
        return Duration.between(startedAt, endedAt.orElseGet(Instant::now));
    }

    /** Whether the judges were the offline {@code local/*} judge (embedding similarity and checks, not an LLM). */
    public boolean offlineJudging() {
        return "offline".equals(params.get("judging"));
    }

    /** A copy in another status, ended at {@code ended} (or not ended, when null). */
    public EvalRun withStatus(EvalStatus newStatus, Instant ended) {
        return new EvalRun(
                runId,
                name,
                newStatus,
                datasetFingerprint,
                rowCount,
                model,
                promptVersion,
                scorers,
                judgeModel,
                startedAt,
                Optional.ofNullable(ended),
                appUsage,
                judgeUsage,
                judgeCalls,
                judgeCacheHits,
                params,
                tags);
    }

    /** A copy with other totals. */
    public EvalRun withTotals(EvalUsage app, EvalUsage judge, long calls, long cacheHits) {
        return new EvalRun(
                runId,
                name,
                status,
                datasetFingerprint,
                rowCount,
                model,
                promptVersion,
                scorers,
                judgeModel,
                startedAt,
                endedAt,
                app,
                judge,
                calls,
                cacheHits,
                params,
                tags);
    }
}
