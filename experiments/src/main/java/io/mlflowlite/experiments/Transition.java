package io.mlflowlite.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One change of an experiment, kept with its evidence: a rollout stage advanced because every gate passed, a
 * rollback because p95 latency broke its ceiling, a pause from the CLI. Immutable.
 *
 * @param experiment the experiment's name
 * @param at         when
 * @param action     what happened
 * @param fromStage  the stage before (0 without a plan)
 * @param toStage    the stage after
 * @param candidatePercent the candidate's share after the change
 * @param actor      who: {@code controller}, {@code cli}, {@code admin-api}, {@code library}
 * @param reason     why, for people
 * @param evidence   what was measured (gates, metrics), as JSON; an empty object when nothing was
 */
public record Transition(
        String experiment,
        Instant at,
        Action action,
        int fromStage,
        int toStage,
        double candidatePercent,
        String actor,
        String reason,
        JsonNode evidence) {

    /** What a transition did. */
    public enum Action {
        CREATE,
        ADVANCE,
        ROLLBACK,
        PAUSE,
        RESUME,
        PROMOTE
    }
}
