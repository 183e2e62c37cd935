package io.mlflowlite.cost;

import io.mlflowlite.chat.Usage;

/** Placeholder replaced by the real price table. */
public final class PriceTable {
    public static PriceTable bundled() {
        return new PriceTable();
    }

    public PriceTable withOverrides(java.nio.file.Path file) {
        return this;
    }

    public Cost cost(String key, Usage usage) {
        return Cost.UNPRICED;
    }
}
