package io.mlflowlite.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An A/B test, or a staged rollout, as the store keeps it: its variants and their current weights, how units are
 * assigned, where its rollout stands. Every replica reads the same row and assigns by the same hash, so they
 * agree without talking to each other. Immutable; a change is a new value with {@link #version()} + 1, written
 * only over the version it was made from ({@link ExperimentStore#update}).
 *
 * @param name         unique; also the salt of the assignment hash
 * @param route        the gateway route whose calls it assigns
 * @param unit         what is assigned a variant
 * @param variants     control first; weights add up to {@link Variant#ALL}
 * @param status       where it stands
 * @param plan         the staged rollout of the candidate (the second variant) as JSON ({@code stages} and
 *                     {@code gates}, see {@link Rollouts}), or null for a plain A/B test
 * @param stage        the plan's current stage (0 = first), or 0 without a plan
 * @param stageStarted when the current stage (or the test) started
 * @param created      when it was created
 * @param version      1 when created, +1 on every change
 */
public record Experiment(
        String name,
        String route,
        Unit unit,
        List<Variant> variants,
        Status status,
        JsonNode plan,
        int stage,
        Instant stageStarted,
        Instant created,
        long version) {

    /** Where an experiment stands. */
    public enum Status {
        /** Assigning at the current weights; a rollout advances when its gates pass. */
        RUNNING,
        /** Assigning at the current weights, frozen: a rollout does not move until resumed. */
        PAUSED,
        /** Done: the candidate serves everything. */
        PROMOTED,
        /** Done: the control serves everything (a guardrail was breached, or someone rolled back). */
        ROLLED_BACK;

        /** Whether the experiment ended (promoted or rolled back). */
        public boolean ended() {
            return this == PROMOTED || this == ROLLED_BACK;
        }
    }

    public Experiment {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException(
                    "An experiment name is letters, digits, '_', '-' and '.', got '" + name + "'");
        }
        variants = List.copyOf(variants);
        plan = plan == null || plan.isNull() || plan.isMissingNode() ? null : plan.deepCopy();
        if (variants.size() < 2) {
            throw new IllegalArgumentException(
                    "Experiment '" + name + "' needs at least two variants (a control first)");
        }
        int total = variants.stream().mapToInt(Variant::weightBps).sum();
        if (total != Variant.ALL) {
            throw new IllegalArgumentException(
                    "Experiment '" + name + "': variant weights add up to " + total / 100.0 + " %, not 100 %");
        }
        if (variants.stream().map(Variant::name).distinct().count() != variants.size()) {
            throw new IllegalArgumentException("Experiment '" + name + "': two variants have the same name");
        }
        if (plan != null && variants.size() != 2) {
            throw new IllegalArgumentException("Experiment '" + name
                    + "': a staged rollout moves traffic from one control to one candidate; give exactly two variants");
        }
    }

    /** The control: the first variant. */
    public Variant control() {
        return variants.get(0);
    }

    /** The candidate of a rollout, or the second variant. */
    public Variant candidate() {
        return variants.get(1);
    }

    /**
     * The variant owning {@code bucket} (0 to 9,999, from {@link io.mlflowlite.experiments.ab.Assignment#bucket})
     * when the weights are laid end to end, control first. A rollout only ever moves the boundary between control
     * and candidate, so a unit on the candidate stays there as its share grows, and only returns to control when
     * it shrinks.
     */
    public Variant variantAt(int bucket) {
        int upTo = 0;
        for (Variant v : variants) {
            upTo += v.weightBps();
            if (bucket < upTo) {
                return v;
            }
        }
        return variants.get(variants.size() - 1);
    }

    /** The variant called {@code variant}. */
    public Optional<Variant> variant(String variant) {
        return variants.stream().filter(v -> v.name().equals(variant)).findFirst();
    }

    /**
     * The next version of this experiment, changed as given, its version + 1.
     *
     * @param newVariants the variants with their new weights
     */
    public Experiment next(List<Variant> newVariants, Status newStatus, int newStage, Instant newStageStarted) {
        return new Experiment(
                name, route, unit, newVariants, newStatus, plan, newStage, newStageStarted, created, version + 1);
    }

    /** The variants with the candidate at {@code candidateBps} basis points and the control at the rest. */
    public List<Variant> split(int candidateBps) {
        return List.of(
                control().withWeight(Variant.ALL - candidateBps), candidate().withWeight(candidateBps));
    }

    /** Whether this is a staged rollout. */
    public boolean hasPlan() {
        return plan != null;
    }

    /** The plan (a copy), or null. */
    @Override
    public JsonNode plan() {
        return plan == null ? null : plan.deepCopy();
    }
}
