package io.mlflowlite.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What the gateway server's admin API asks of the experiments behind {@code experiment} routes (A/B tests and
 * staged rollouts): list them, show one with its transitions, report its statistics, and pause, resume, promote
 * or roll it back. Implemented by the {@code mlflowlite-experiments} module and handed to the server, which
 * depends on core only; answers are JSON in the shape {@code mlflowlite experiments … --output json} prints.
 * Thread-safe; methods block on the experiment store.
 */
public interface ExperimentAdmin {
    /** Every experiment: {@code {"experiments": [...]}}. */
    JsonNode list();

    /** One experiment with its transitions, or empty when there is none of that name. */
    Optional<JsonNode> show(String name);

    /** One experiment's report (per-variant metrics, intervals, decision), or empty when there is none. */
    Optional<JsonNode> report(String name);

    /**
     * Pauses, resumes, promotes or rolls back experiment {@code name} ({@code action} is one of those words);
     * {@code variant} names the variant to promote, or null for the candidate.
     *
     * @return the experiment as changed
     * @throws java.util.NoSuchElementException when there is no such experiment
     * @throws IllegalArgumentException         when the action or variant is unknown
     * @throws IllegalStateException            when the action does not apply now (the experiment ended …)
     */
    JsonNode act(String name, String action, String variant, String actor, String reason);
}
