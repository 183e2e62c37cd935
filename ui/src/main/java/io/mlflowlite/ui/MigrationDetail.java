package io.mlflowlite.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.migrate.Migration;
import io.mlflowlite.migrate.MigrationEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration as its page shows it: the six steps with where each stands, and what it links to (its evaluation runs,
 * its prompt versions, its rollout's experiment). Built from the migration and its events. Immutable.
 *
 * @param migration    the migration
 * @param steps        capture, evaluate, optimize, compare, rollout and promote, in order
 * @param baselineRun  today's evaluation run, or null before the evaluation
 * @param candidateRun the candidate's run (with the optimized prompt when there is one), or null
 * @param firstCandidateRun the candidate's run before the prompt was optimized, or null when it was not
 * @param prompt       the name of the prompt the endpoint renders, or null when it renders none
 * @param promptFrom   its version when the migration started
 * @param promptTo     the candidate's version (the optimized one, else {@code promptFrom})
 * @param experiment   the rollout's experiment, or null before the rollout
 */
public record MigrationDetail(
        Migration migration,
        List<Step> steps,
        String baselineRun,
        String candidateRun,
        String firstCandidateRun,
        String prompt,
        int promptFrom,
        int promptTo,
        String experiment) {

    /**
     * One step of the workflow.
     *
     * @param number   1 to 6
     * @param name     {@code capture} … {@code promote}
     * @param state    {@code done}, {@code next} (the step a resume runs), {@code in progress} (a rollout under way),
     *                 {@code pending}, or {@code not run} (the migration ended before it)
     * @param decision the decision of its last event ({@code done}, {@code improved}, {@code go}, …), or empty
     * @param since    when it became the next step (the previous event was recorded), or null when it never did
     * @param done     when its last event was recorded, once it is done
     * @param summary  the sentence of its last event, or empty
     */
    public record Step(
            int number, String name, String state, String decision, Instant since, Instant done, String summary) {}

    static MigrationDetail of(Migration m, List<MigrationEvent> events) {
        List<Step> steps = new ArrayList<>();
        for (Migration.Step s : Migration.Step.values()) {
            if (s == Migration.Step.DONE) {
                continue;
            }
            int first = -1;
            int last = -1;
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).step().equals(s.label())) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            boolean current = m.step() == s && !m.status().ended();
            String state;
            if (current) {
                state = m.status() == Migration.Status.ROLLING_OUT ? "in progress" : "next";
            } else if (last >= 0) {
                state = "done";
            } else {
                state = m.status().ended() ? "not run" : "pending";
            }
            Instant since = first > 0
                    ? events.get(first - 1).at()
                    : current && !events.isEmpty() ? events.getLast().at() : null;
            MigrationEvent latest = last >= 0 ? events.get(last) : null;
            steps.add(new Step(
                    s.ordinal() + 1,
                    s.label(),
                    state,
                    latest == null ? "" : latest.decision(),
                    since,
                    state.equals("done") ? latest.at() : null,
                    latest == null ? "" : latest.summary()));
        }
        JsonNode prompt = m.get("prompt");
        int from = prompt.path("version").asInt();
        return new MigrationDetail(
                m,
                steps,
                text(m, "baseline_run"),
                text(m, "candidate_run"),
                text(m, "candidate_run_before_optimization"),
                prompt.isObject() ? prompt.path("name").asText() : null,
                from,
                m.get("candidate_prompt_version").asInt(from),
                text(m, "experiment"));
    }

    /** The gate's verdict ({@code go}, {@code no-go}), or a dash before the comparison. */
    public static String verdict(Migration m) {
        return m.get("gate").isObject() ? m.get("gate").path("decision").asText() : "—";
    }

    /** The CSS class of a verdict, status or decision: {@code good}, {@code bad}, or null for the others. */
    public static String tone(String word) {
        return switch (word) {
            case "go", "promoted" -> "good";
            case "no-go", "no_go", "rolled_back" -> "bad";
            default -> null;
        };
    }

    private static String text(Migration m, String key) {
        return m.get(key).isTextual() ? m.get(key).asText() : null;
    }
}
