package io.mlflowlite.experiments;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Staged rollouts: a plan moves the candidate through stages (such as 1 → 5 → 25 → 50 → 100 % of units) and the
 * gateway advances it when the stage's gates pass, or rolls it back at once when a guardrail breaks. A plan, as
 * configured in a route's {@code strategy_config.rollout} or given to the library:
 *
 * <pre>{@code
 * rollout:
 *   stages: [1, 5, 25, 50, 100]       # candidate's percent of units; increasing, the last 100
 * }</pre>
 */
public final class Rollouts {
    private Rollouts() {}

    /**
     * Checks a plan's shape.
     *
     * @throws IllegalArgumentException saying what is wrong and how to fix it
     */
    public static void validate(JsonNode plan) {
        if (!plan.isObject()) {
            throw new IllegalArgumentException("rollout: expected a mapping with stages (and gates)");
        }
        JsonNode stages = plan.path("stages");
        if (!stages.isArray() || stages.isEmpty()) {
            throw new IllegalArgumentException(
                    "rollout.stages: required, the candidate's percent of traffic per stage, e.g. [1, 5, 25, 50, 100]");
        }
        double previous = 0;
        for (int i = 0; i < stages.size(); i++) {
            JsonNode s = stages.get(i);
            if (!s.isNumber() || s.asDouble() <= previous || s.asDouble() > 100) {
                throw new IllegalArgumentException("rollout.stages[" + i + "]: " + s
                        + " must be a number above the stage before it and at most 100");
            }
            previous = s.asDouble();
        }
        if (previous != 100) {
            throw new IllegalArgumentException(
                    "rollout.stages: the last stage must be 100 (the candidate serves everything), got " + previous);
        }
    }

    /** The number of stages of {@code plan}. */
    static int stages(JsonNode plan) {
        return plan.path("stages").size();
    }

    /** Stage {@code index}'s candidate share in basis points. */
    static int stageBps(JsonNode plan, int index) {
        return (int) Math.round(plan.path("stages").get(index).asDouble() * 100);
    }
}
