package io.mlflowlite.experiments;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.experiments.ab.Observation;
import io.mlflowlite.experiments.ab.Score;
import io.mlflowlite.experiments.ab.VariantMetrics;
import io.mlflowlite.tracing.Assessment;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceState;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TracingInterceptor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment's per-variant metrics, read from the traces its calls left: every trace tagged with the
 * experiment since a given instant, grouped by its variant tag. Latency, cost, tokens, errors and fallbacks come
 * from the trace summaries; quality scores from the assessments on the traces (online scorers, judges, users'
 * feedback): pass/fail when the value is yes/no or true/false, else numeric.
 */
final class TraceMetrics {
    private TraceMetrics() {}

    /** Each variant of {@code experiment} (all of them, empty when unseen) → its calls since {@code since}. */
    static Map<String, VariantMetrics> collect(TraceStore traces, Experiment experiment, Instant since) {
        Map<String, VariantMetrics> metrics = new LinkedHashMap<>();
        experiment.variants().forEach(v -> metrics.put(v.name(), new VariantMetrics()));
        String token = null;
        do {
            TracePage page = traces.search(TraceQuery.builder()
                    .tag(Experiments.EXPERIMENT_TAG, experiment.name())
                    .from(since)
                    .pageSize(TraceQuery.MAX_PAGE_SIZE)
                    .pageToken(token)
                    .build());
            Map<String, List<Assessment>> scores = traces.assessments(
                    page.traces().stream().map(TraceInfo::traceId).toList());
            for (TraceInfo t : page.traces()) {
                VariantMetrics m = metrics.get(t.tags().get(Experiments.VARIANT_TAG));
                if (m != null && t.state() != TraceState.IN_PROGRESS) {
                    m.record(observation(t, scores.getOrDefault(t.traceId(), List.of())));
                }
            }
            token = page.nextPageToken().orElse(null);
        } while (token != null);
        return metrics;
    }

    private static Observation observation(TraceInfo t, List<Assessment> assessments) {
        double latencyMs = t.duration() == null ? 0 : t.duration().toNanos() / 1e6;
        double cost = t.cost() == null ? 0 : t.cost().doubleValue();
        Observation o = Observation.of(latencyMs, cost, t.inputTokens(), t.outputTokens())
                .withError(t.state() == TraceState.ERROR)
                .withFallback("true".equals(t.tags().get(TracingInterceptor.FALLBACK_TAG)));
        for (Assessment a : assessments) { // oldest first: a later score of the same name replaces an earlier one
            java.util.Optional<Score> score = score(a.feedback());
            if (score.isPresent()) {
                o = o.withScore(a.feedback().name(), score.get());
            }
        }
        return o;
    }

    /** A usable score: pass/fail from yes/no or true/false, else a number; none for errors and skips. */
    private static java.util.Optional<Score> score(Feedback f) {
        if (!f.isOk()) {
            return java.util.Optional.empty();
        }
        java.util.Optional<Boolean> passed = f.asBoolean();
        if (passed.isPresent()) {
            return java.util.Optional.of(Score.pass(passed.get()));
        }
        java.util.OptionalDouble number = f.asNumber();
        return number.isPresent() && Double.isFinite(number.getAsDouble())
                ? java.util.Optional.of(Score.of(number.getAsDouble()))
                : java.util.Optional.empty();
    }
}
