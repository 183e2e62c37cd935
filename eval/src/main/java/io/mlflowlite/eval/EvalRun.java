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
 * @param runId              {@code er-} + 32 hex digits
 * @param name               the run's name (given, or {@code eval-<time>})
 * @param status             where the run is
 * @param datasetFingerprint SHA-256 (hex) of the dataset's canonical JSON: {@link Dataset#fingerprint()}
 * @param rowCount           rows in the dataset
 * @param model              the application's model under evaluation, when the caller named it
 * @param promptVersion      the prompt version under evaluation ({@code prompts:/qa/3}), when named
 * @param scorers            the scorers' names, in the order given
 * @param judgeModel         the run's default judge model ({@code local/judge} means offline judging)
 * @param startedAt          when the run (or its first part, for a resumed run) started
 * @param endedAt            when it last ended; empty while running
 * @param appUsage           tokens and dollars of the application's predictions, over the current rows
 * @param judgeUsage         tokens and dollars of every judge call the run made, resumes included
 * @param judgeCalls         judge model calls made (cache hits excluded; repairs included)
 * @param judgeCacheHits     judge calls answered by the run's cache (identical model and messages)
 * @param params             settings: {@code max_concurrency}, {@code max_requests_per_minute},
 *                           {@code judge_cost_cap_usd}, {@code seed}, {@code judging} (offline/llm) …
 * @param tags               the caller's labels ({@code candidate=gpt-5})
 */
public record EvalRun(String runId, String name, EvalStatus status, String datasetFingerprint, int rowCount,
        Optional<String> model, Optional<String> promptVersion, List<String> scorers, Optional<String> judgeModel,
        Instant startedAt, Optional<Instant> endedAt, EvalUsage appUsage, EvalUsage judgeUsage, long judgeCalls,
        long judgeCacheHits, Map<String, String> params, Map<String, String> tags) {

    public EvalRun {
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
        return new EvalRun(runId, name, newStatus, datasetFingerprint, rowCount, model, promptVersion, scorers,
                judgeModel, startedAt, Optional.ofNullable(ended), appUsage, judgeUsage, judgeCalls, judgeCacheHits,
                params, tags);
    }

    /** A copy with other totals. */
    public EvalRun withTotals(EvalUsage app, EvalUsage judge, long calls, long cacheHits) {
        return new EvalRun(runId, name, status, datasetFingerprint, rowCount, model, promptVersion, scorers,
                judgeModel, startedAt, endedAt, app, judge, calls, cacheHits, params, tags);
    }
}
