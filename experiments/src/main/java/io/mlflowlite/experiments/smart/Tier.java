package io.mlflowlite.experiments.smart;

/**
 * One tier of a {@link RoutingTable}: a difficulty level, the model that serves it, and what a call costs there.
 * Tiers are ordered from the cheapest to the most expensive defining model. Immutable.
 *
 * @param name          {@code easy}, {@code medium}, {@code hard}, {@code expert} (or {@code tier5} …)
 * @param definedBy     the model whose rows define the tier: rows whose cheapest correct model is this one
 * @param model         the model that serves the tier: calibration's choice, the cheapest tier → model
 *                      assignment that keeps the quality target (a tier whose rows the defining model fails too
 *                      often goes to a stronger model)
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
