package io.mlflowlite.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.time.Instant;
import java.util.Objects;

/**
 * One decision of a migration with its evidence: a step done (what it found), the gate's go or no-go (each
 * threshold, observed value and interval), a rollout advanced or rolled back, a promotion, a rollback by hand.
 * Kept in order with the migration; never changed.
 *
 * @param migration the migration's id
 * @param at        when it was decided
 * @param step      the step it belongs to ({@code capture}, {@code evaluate}, … or {@code rollback})
 * @param decision  one word: {@code done}, {@code skipped}, {@code go}, {@code no-go}, {@code started},
 *                  {@code advance}, {@code promoted}, {@code rolled_back}, {@code waiting}
 * @param summary   one sentence a person reads
 * @param evidence  the numbers behind it, as JSON
 */
public record MigrationEvent(
        String migration, Instant at, String step, String decision, String summary, JsonNode evidence) {

    public MigrationEvent {
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(summary, "summary");
        evidence = evidence == null ? Json.object() : evidence.deepCopy();
    }
}
