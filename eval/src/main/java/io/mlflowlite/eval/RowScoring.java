package io.mlflowlite.eval;

import io.mlflowlite.chat.Feedback;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a row's scorers: concurrently (each on a virtual thread), results in scorer order; a requirement the row
 * lacks gives "skipped: needs …", a thrown exception an error feedback, the cost cap a "skipped: judge cost cap"
 * feedback. Every feedback is tagged with the scorer that made it and named/sourced when the scorer left that out.
 */
final class RowScoring {
    private RowScoring() {}

    /**
     * Scores {@code input} with each of {@code scorers} whose entry in {@code keep} is absent; those present are
     * kept as they are (a resume redoes only what failed).
     */
    static List<Feedback> score(List<Scorer> scorers, ScorerInput input, Map<String, List<Feedback>> keep)
            throws InterruptedException {
        Map<String, List<Feedback>> results = new LinkedHashMap<>();
        List<Scorer> toRun = new ArrayList<>();
        for (Scorer scorer : scorers) {
            results.put(scorer.name(), keep.get(scorer.name()));
            if (keep.get(scorer.name()) == null) {
                toRun.add(scorer);
            }
        }
        if (toRun.size() == 1) {
            results.put(toRun.get(0).name(), scoreOne(toRun.get(0), input));
        } else if (!toRun.isEmpty()) {
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                Map<String, Future<List<Feedback>>> running = new LinkedHashMap<>();
                for (Scorer scorer : toRun) {
                    running.put(scorer.name(), executor.submit(() -> scoreOne(scorer, input)));
                }
                for (Map.Entry<String, Future<List<Feedback>>> e : running.entrySet()) {
                    results.put(e.getKey(), e.getValue().get());
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("scoreOne never throws", e.getCause());
            }
        }
        List<Feedback> all = new ArrayList<>();
        results.values().forEach(all::addAll);
        return all;
    }

    /** One scorer on one row; never throws. */
    static List<Feedback> scoreOne(Scorer scorer, ScorerInput input) {
        String source = source(scorer, input.context());
        List<Feedback> feedbacks;
        String unmet = Requirement.firstUnmet(scorer.requirements(), input);
        if (unmet != null) {
            feedbacks = List.of(Feedback.skippedNeeds(scorer.name(), source, unmet));
        } else {
            try {
                List<Feedback> scored = scorer.score(input);
                feedbacks = scored == null || scored.isEmpty()
                        ? List.of(Feedback.error(scorer.name(), source, "scorer returned no feedback"))
                        : ScorerResults.normalize(scorer.name(), source, scored);
            } catch (CostCapReachedException e) {
                feedbacks = List.of(Feedback.skippedCostCap(scorer.name(), source, e.capUsd()));
            } catch (RuntimeException | LinkageError | AssertionError e) {
                feedbacks = List.of(Feedback.error(scorer.name(), source, message(e)));
            }
        }
        return feedbacks.stream()
                .map(f -> f.withMetadata(Map.of(Feedback.SCORER, scorer.name())))
                .toList();
    }

    /** Feedbacks for every scorer of a row whose prediction failed: errors, so a resume redoes them. */
    static List<Feedback> notScored(List<Scorer> scorers, String why) {
        return scorers.stream()
                .map(s -> Feedback.error(s.name(), null, "not scored: " + why)
                        .withMetadata(Map.of(Feedback.SCORER, s.name())))
                .toList();
    }

    static String source(Scorer scorer, ScoringContext context) {
        if (scorer instanceof LlmJudge judge) {
            return "LLM_JUDGE:" + judge.model().orElseGet(context::judgeModel);
        }
        return "CODE:" + scorer.name();
    }

    /** {@code Type: message}; a scorer's own wrapper shows what it wraps, or just its message. */
    static String message(Throwable e) {
        if (e instanceof ScorerFailedException) {
            return e.getCause() == null
                    ? e.getMessage()
                    : e.getCause().getClass().getSimpleName() + ": "
                            + e.getCause().getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
