package io.mlflowlite.experiments.ab;

/**
 * One variant of an experiment and its share of the traffic in basis points (1 bp = 0.01 %, so 100 = 1 %, 10000
 * = everything). Immutable.
 *
 * @param name the variant's name (non-blank, unique within an experiment)
 * @param basisPoints its share, 0..10000
 */
public record Variant(String name, int basisPoints) {
    public Variant {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a variant needs a non-blank name");
        }
        if (basisPoints < 0 || basisPoints > Assignment.BUCKETS) {
            throw new IllegalArgumentException("variant " + name + ": weight must be 0.." + Assignment.BUCKETS
                    + " basis points (100 = 1 %), got " + basisPoints);
        }
    }

    /** A variant with a share in percent, rounded to the nearest basis point (e.g. {@code 2.5} → 250). */
    public static Variant percent(String name, double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("variant " + name + ": percent must be 0..100, got " + percent);
        }
        return new Variant(name, (int) Math.round(percent * 100));
    }
}
