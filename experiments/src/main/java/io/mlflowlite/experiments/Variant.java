package io.mlflowlite.experiments;

/**
 * One arm of an experiment: the endpoint that serves it and its share of the traffic. The first variant of an
 * experiment is its control. Immutable.
 *
 * @param name        what reports and traces call it ({@code control}, {@code candidate}); letters, digits,
 *                    {@code _}, {@code -} and {@code .}
 * @param destination the endpoint of the gateway's configuration that serves it
 * @param weightBps   its share of the units in basis points (0 to 10,000; an experiment's add up to 10,000)
 */
public record Variant(String name, String destination, int weightBps) {
    /** The number of basis points the variants of an experiment share. */
    public static final int ALL = 10_000;

    public Variant {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException(
                    "A variant name is letters, digits, '_', '-' and '.', got '" + name + "'");
        }
        if (destination == null || destination.isBlank()) {
            throw new IllegalArgumentException("Variant '" + name + "' needs a destination endpoint");
        }
        if (weightBps < 0 || weightBps > ALL) {
            throw new IllegalArgumentException(
                    "Variant '" + name + "' weight must be 0 to 10000 basis points, got " + weightBps);
        }
    }

    /** The same variant with {@code bps} basis points. */
    public Variant withWeight(int bps) {
        return new Variant(name, destination, bps);
    }

    /** Its share as a percentage, {@code 2.5} for 250 basis points. */
    public double percent() {
        return weightBps / 100.0;
    }
}
