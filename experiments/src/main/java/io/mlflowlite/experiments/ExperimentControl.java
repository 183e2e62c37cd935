package io.mlflowlite.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Changes experiments by hand — pause, resume, promote, roll back — the same way from the CLI, the admin API and
 * the library. Every change is written over the version it was read at and recorded as a {@link Transition};
 * when another replica (or the rollout controller) changed the experiment in between, the change is re-applied
 * to the newer version. Gateways pick the change up within their refresh interval. Thread-safe.
 */
public final class ExperimentControl {
    /** What a person can do to an experiment. */
    public enum Action {
        /** Freeze the weights: a rollout stops advancing (it still rolls back on a guardrail breach). */
        PAUSE,
        /** Unfreeze; the current stage starts over, so its gates see fresh evidence. */
        RESUME,
        /** The candidate (or a named variant) serves everything; the experiment ends. */
        PROMOTE,
        /** The control serves everything; the experiment ends. */
        ROLLBACK;

        /** The action called {@code text}. */
        public static Action parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Unknown action '" + text + "': use pause, resume, promote or rollback", e);
            }
        }
    }

    private final ExperimentStore store;
    private final Clock clock;

    public ExperimentControl(ExperimentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Applies {@code action} to experiment {@code name} on behalf of {@code actor} ({@code cli}, {@code admin-api}).
     * {@code variant} names the variant to promote (null: the candidate, the second variant).
     *
     * @return the experiment as changed
     * @throws IllegalArgumentException when there is no such experiment or variant
     * @throws IllegalStateException    when the action does not apply (pausing an ended experiment …)
     */
    public Experiment apply(String name, Action action, String variant, String actor, String reason) {
        String why =
                reason == null || reason.isBlank() ? action.name().toLowerCase(Locale.ROOT) + " by " + actor : reason;
        return change(name, e -> switch (action) {
            case PAUSE -> {
                require(e, e.status() == Experiment.Status.RUNNING, "pause", "it is not running");
                yield step(
                        e,
                        e.variants(),
                        Experiment.Status.PAUSED,
                        e.stage(),
                        false,
                        Transition.Action.PAUSE,
                        actor,
                        why,
                        clock.instant());
            }
            case RESUME -> {
                require(e, e.status() == Experiment.Status.PAUSED, "resume", "it is not paused");
                yield step(
                        e,
                        e.variants(),
                        Experiment.Status.RUNNING,
                        e.stage(),
                        true,
                        Transition.Action.RESUME,
                        actor,
                        why,
                        clock.instant());
            }
            case PROMOTE -> {
                require(e, !e.status().ended(), "promote", "it has ended");
                Variant winner = variant == null
                        ? e.candidate()
                        : e.variant(variant)
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "Experiment '" + name + "' has no variant '" + variant + "'; its variants are "
                                                + Experiments.describe(e.variants())));
                List<Variant> weights = e.variants().stream()
                        .map(v -> v.withWeight(v.name().equals(winner.name()) ? Variant.ALL : 0))
                        .toList();
                int last = e.hasPlan() ? Rollouts.parse(e.plan()).stageCount() - 1 : e.stage();
                yield step(
                        e,
                        weights,
                        Experiment.Status.PROMOTED,
                        last,
                        true,
                        Transition.Action.PROMOTE,
                        actor,
                        why,
                        clock.instant());
            }
            case ROLLBACK -> {
                require(e, !e.status().ended(), "roll back", "it has ended");
                yield rollback(e, actor, why, Json.object(), clock.instant());
            }
        });
    }

    /** Rolls {@code e} back: the control serves everything. */
    static Step rollback(Experiment e, String actor, String why, JsonNode evidence, Instant now) {
        List<Variant> weights = e.variants().stream()
                .map(v -> v.withWeight(v == e.control() ? Variant.ALL : 0))
                .toList();
        Step s = step(
                e,
                weights,
                Experiment.Status.ROLLED_BACK,
                e.stage(),
                false,
                Transition.Action.ROLLBACK,
                actor,
                why,
                now);
        return new Step(s.next(), withEvidence(s.transition(), evidence));
    }

    /** A change of an experiment and the transition recording it. */
    record Step(Experiment next, Transition transition) {}

    static Step step(
            Experiment e,
            List<Variant> weights,
            Experiment.Status status,
            int stage,
            boolean restartStage,
            Transition.Action action,
            String actor,
            String reason,
            Instant now) {
        Experiment next = e.next(weights, status, stage, restartStage || stage != e.stage() ? now : e.stageStarted());
        Transition t = new Transition(
                e.name(), now, action, e.stage(), stage, next.candidate().percent(), actor, reason, Json.object());
        return new Step(next, t);
    }

    static Transition withEvidence(Transition t, JsonNode evidence) {
        return new Transition(
                t.experiment(),
                t.at(),
                t.action(),
                t.fromStage(),
                t.toStage(),
                t.candidatePercent(),
                t.actor(),
                t.reason(),
                evidence);
    }

    private Experiment change(String name, Function<Experiment, Step> how) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Experiment current = store.get(name)
                    .orElseThrow(() -> new IllegalArgumentException("No experiment called '" + name + "' in "
                            + store.describe() + "; `mlflowlite experiments list` shows them"));
            Step step = how.apply(current);
            if (store.update(step.next(), step.transition())) {
                return step.next();
            }
        }
        throw new IllegalStateException("Experiment '" + name + "' kept changing under this update; try again");
    }

    private static void require(Experiment e, boolean ok, String verb, String why) {
        if (!ok) {
            throw new IllegalStateException(
                    "Cannot " + verb + " experiment '" + e.name() + "': " + why + " (it is " + e.status() + ")");
        }
    }
}
