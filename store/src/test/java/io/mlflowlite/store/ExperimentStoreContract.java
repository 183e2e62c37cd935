package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.experiments.Experiment;
import io.mlflowlite.experiments.ExperimentStore;
import io.mlflowlite.experiments.ExperimentStoreException;
import io.mlflowlite.experiments.Transition;
import io.mlflowlite.experiments.Unit;
import io.mlflowlite.experiments.Variant;
import io.mlflowlite.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every experiment store does, run on real databases: experiments round-trip, a change applies only over the
 * version it was made from (so of two replicas advancing a rollout at once exactly one wins), transitions keep
 * their evidence. {@link #other()} is a second store on the same database, standing in for another replica.
 */
interface ExperimentStoreContract {
    ExperimentStore store();

    ExperimentStore other();

    private static Experiment rollout(String name) {
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        return new Experiment(
                name,
                "assistant",
                Unit.USER,
                List.of(new Variant("current", "current", 9900), new Variant("next", "next", 100)),
                Experiment.Status.RUNNING,
                Json.object().set("stages", Json.array().add(1).add(5).add(100)),
                0,
                at,
                at,
                1);
    }

    private static Transition transition(Experiment e, Transition.Action action, String reason) {
        return new Transition(
                e.name(),
                e.stageStarted(),
                action,
                0,
                e.stage(),
                e.candidate().percent(),
                "test",
                reason,
                Json.object().put("p95_ms", 812.5));
    }

    @Test
    default void anExperimentRoundTripsAndAnotherReplicaSeesIt() {
        Experiment e = rollout("rt");
        store().create(e, transition(e, Transition.Action.CREATE, "created"));

        Experiment read = other().get("rt").orElseThrow();
        assertThat(read).isEqualTo(e);
        assertThat(read.plan().path("stages").size()).isEqualTo(3);
        assertThat(other().list()).extracting(Experiment::name).contains("rt");
        assertThatThrownBy(() -> other().create(e, transition(e, Transition.Action.CREATE, "again")))
                .isInstanceOf(ExperimentStoreException.class)
                .hasMessageContaining("exists already");
    }

    @Test
    default void aChangeAppliesOnlyOverTheVersionItWasMadeFrom() throws Exception {
        Experiment e = rollout("cas");
        store().create(e, transition(e, Transition.Action.CREATE, "created"));
        Experiment advanced = e.next(
                e.split(500), Experiment.Status.RUNNING, 1, e.stageStarted().plusSeconds(60));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Boolean> mine =
                    () -> store().update(advanced, transition(advanced, Transition.Action.ADVANCE, "a"));
            Callable<Boolean> theirs =
                    () -> other().update(advanced, transition(advanced, Transition.Action.ADVANCE, "b"));
            Future<Boolean> a = pool.submit(mine);
            Future<Boolean> b = pool.submit(theirs);
            assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(true, false);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store().get("cas").orElseThrow().candidate().weightBps()).isEqualTo(500);
        assertThat(store().get("cas").orElseThrow().version()).isEqualTo(2);
        List<Transition> transitions = other().transitions("cas");
        assertThat(transitions)
                .extracting(Transition::action)
                .containsExactly(Transition.Action.CREATE, Transition.Action.ADVANCE);
        assertThat(transitions.get(1).evidence().path("p95_ms").asDouble()).isEqualTo(812.5);
        assertThat(store().update(advanced, transition(advanced, Transition.Action.ADVANCE, "stale")))
                .isFalse();
    }

    @Test
    default void deletingRemovesTheTransitionsToo() {
        Experiment e = rollout("gone");
        store().create(e, transition(e, Transition.Action.CREATE, "created"));
        assertThat(store().delete("gone")).isTrue();
        assertThat(other().get("gone")).isEmpty();
        assertThat(other().transitions("gone")).isEmpty();
        assertThat(store().delete("gone")).isFalse();
    }
}
