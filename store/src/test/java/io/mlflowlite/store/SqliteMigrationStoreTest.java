package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.json.Json;
import io.mlflowlite.migrate.Migration;
import io.mlflowlite.migrate.MigrationEvent;
import io.mlflowlite.migrate.MigrationStore;
import io.mlflowlite.migrate.MigrationStoreException;
import io.mlflowlite.migrate.MigrationStores;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration store on a real SQLite file, opened by URL; a second store stands in for another process. */
class SqliteMigrationStoreTest {
    @TempDir
    Path dir;

    @Test
    void migrationsAndTheirEventsReadBackEqualAndAChangeAppliesOnlyOverItsVersion() {
        String url = "jdbc:sqlite:" + dir.resolve("mlflowlite.db");
        try (MigrationStore store = MigrationStores.open(url);
                MigrationStore other = MigrationStores.open(url)) {
            var state = Json.object();
            state.put("original_config", "endpoints: []\n");
            state.putArray("dataset").addObject().putObject("inputs").put("question", "2 + 2?");
            Instant at = Instant.parse("2026-12-07T05:00:00Z");
            Migration m = new Migration(
                    "mig-0123456789ab",
                    "chat",
                    "mock/pro",
                    "mock/next",
                    Migration.Status.RUNNING,
                    Migration.Step.CAPTURE,
                    state,
                    at,
                    at,
                    1);
            store.create(m, new MigrationEvent(m.id(), at, "start", "started", "begin", Json.object()));
            assertThat(other.get(m.id())).contains(m);
            assertThatThrownBy(() -> other.create(m, new MigrationEvent(m.id(), at, "start", "started", "x", null)))
                    .isInstanceOf(MigrationStoreException.class);

            var nextState = m.state();
            nextState.put("capture", "done");
            Migration next = m.next(Migration.Status.RUNNING, Migration.Step.EVALUATE, nextState, at.plusSeconds(1));
            var evidence = Json.object().put("rows", 1);
            assertThat(store.update(
                            next, new MigrationEvent(m.id(), at.plusSeconds(1), "capture", "done", "1 row", evidence)))
                    .isTrue();
            // another process still holding version 1 cannot apply its change over version 2
            assertThat(other.update(next, new MigrationEvent(m.id(), at, "capture", "done", "again", null)))
                    .isFalse();
            other.record(new MigrationEvent(m.id(), at.plusSeconds(2), "rollout", "advance", "50 %", null));

            assertThat(other.get(m.id())).contains(next);
            assertThat(store.events(m.id()))
                    .extracting(MigrationEvent::step)
                    .containsExactly("start", "capture", "rollout");
            assertThat(store.events(m.id()).get(1).evidence()).isEqualTo(evidence);
            assertThat(store.list()).containsExactly(next);
        }
    }
}
