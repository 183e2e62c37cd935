package io.mlflowlite.experiments.smart;

/**
 * One tier of a {@link RoutingTable}: a difficulty level, the model that serves it, and what a call costs there.
 * Tiers are ordered from the cheapest to the most expensive defining model. Immutable.
 *
 * @param name          {@code easy}, {@code medium}, {@code hard}, {@code expert} (or {@code tier5} …)
 * @param definedBy     the model whose rows define the tier: rows whose cheapest correct model is this one
 * @param model         the model that serves the tier: {@code definedBy}, or a stronger one when calibration found
 *                      the defining model falls short (by more than the margin) on the rows routed to the tier
 * @param costPerCallUsd mean cost of one call to {@code model} over the calibration rows
 * @param outputTokens  mean output tokens of {@code model} over the calibration rows, for cost estimates
 */
public record Tier(String name, String definedBy, String model, double costPerCallUsd, double outputTokens) {
    public Tier {
        if (name == null || name.isBlank() || model == null || model.isBlank()) {
            throw new IllegalArgumentException("A tier needs a name and a model");
        }
        definedBy = definedBy == null ? model : definedBy;
    }
}
