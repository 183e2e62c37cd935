package io.mlflowlite.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A migration of one gateway endpoint from its current model to a candidate, as the store keeps it: where it
 * stands ({@link #step()}, {@link #status()}) and everything it found so far ({@link #state()}: the request that
 * started it, the captured dataset, the evaluation runs, the optimized prompt, the gate's decision, the rollout's
 * experiment, the configuration to restore). Immutable; a change is a new value with {@link #version()} + 1,
 * written only over the version it was made from ({@link MigrationStore#update}).
 *
 * @param id        {@code mig-} and 12 hex digits
 * @param endpoint  the gateway endpoint migrated (what clients call)
 * @param fromModel the endpoint's model when the migration started
 * @param toModel   the candidate model
 * @param status    where it stands
 * @param step      the next step to run (or {@link Step#DONE})
 * @param state     the migration's findings as JSON (see the keys in {@link MigrationService})
 * @param created   when it started
 * @param updated   when it last changed
 * @param version   1 when created, +1 on every change
 */
public record Migration(
        String id,
        String endpoint,
        String fromModel,
        String toModel,
        Status status,
        Step step,
        ObjectNode state,
        Instant created,
        Instant updated,
        long version) {

    /** The steps, in order; a migration resumes at the first one not recorded as done. */
    public enum Step {
        /** Capture the baseline dataset: recent traces of the endpoint, or a given file. */
        CAPTURE,
        /** Evaluate the current configuration and the candidate on the dataset. */
        EVALUATE,
        /** Optimize the candidate's prompt where it under-performs. */
        OPTIMIZE,
        /** Compare with paired intervals; the gate decides go or no-go. */
        COMPARE,
        /** Roll the candidate out through the experiments layer's staged plan and gates. */
        ROLLOUT,
        /** Switch the endpoint's model and prompt alias. */
        PROMOTE,
        /** Nothing left to run. */
        DONE;

        /** The step's name as printed: {@code capture}, {@code evaluate} … */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where a migration stands. */
    public enum Status {
        /** Steps left to run (or a crashed run to resume). */
        RUNNING,
        /** Rolling out: the gateway moves the candidate through the stages; resume waits for the outcome. */
        ROLLING_OUT,
        /** Done: the endpoint serves the candidate. */
        PROMOTED,
        /** Done: the gate said no-go; nothing changed in the gateway. */
        NO_GO,
        /** Done: the previous model, prompt and configuration were restored. */
        ROLLED_BACK;

        /** Whether nothing more will happen without a new migration. */
        public boolean ended() {
            return this == PROMOTED || this == NO_GO || this == ROLLED_BACK;
        }

        /** The status as printed: {@code rolling_out}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Migration {
        Objects.requireNonNull(id, "id");
        if (!id.matches("mig-[0-9a-f]{12}")) {
            throw new IllegalArgumentException("A migration id is mig- and 12 hex digits, got '" + id + "'");
        }
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(fromModel, "fromModel");
        Objects.requireNonNull(toModel, "toModel");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(step, "step");
        state = state == null ? Json.object() : state.deepCopy();
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
    }

    /** The state (a copy: change it and pass it to {@link #next}). */
    @Override
    public ObjectNode state() {
        return state.deepCopy();
    }

    /** One value of the state, or a missing node. */
    public JsonNode get(String key) {
        return state.path(key);
    }

    /** The next version: at {@code newStep} with {@code newStatus} and {@code newState}, updated {@code at}. */
    public Migration next(Status newStatus, Step newStep, ObjectNode newState, Instant at) {
        return new Migration(id, endpoint, fromModel, toModel, newStatus, newStep, newState, created, at, version + 1);
    }
}
