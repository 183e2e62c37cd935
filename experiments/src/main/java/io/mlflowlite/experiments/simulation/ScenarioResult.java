package io.mlflowlite.experiments.simulation;

/**
 * One scenario's outcome. Immutable.
 *
 * @param scenario what was simulated
 * @param experiments how many simulated experiments or rollouts
 * @param rate the measured rate (false positives, power, rollbacks, completions)
 * @param target the target, e.g. {@code <= 0.05}
 * @param pass whether the rate meets the target ({@code null} for an informational row)
 * @param detail further measured numbers in words
 */
public record ScenarioResult(
        String scenario, int experiments, double rate, String target, Boolean pass, String detail) {}
