package io.mlflowlite.tracing;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Ids in MLflow's and OpenTelemetry's formats. Thread-safe. */
public final class Ids {
    private static final HexFormat HEX = HexFormat.of();
    /** Bits of the milliseconds kept: 48 bits count Unix milliseconds until the year 10889. */
    private static final long MILLIS_48 = (1L << 48) - 1;

    private Ids() {}

    /**
     * {@code tr-} + 32 hex digits: an MLflow trace id whose hex part is the OpenTelemetry trace id. Time-ordered,
     * like a UUIDv7: the first 12 digits are the Unix time in milliseconds, the other 20 random (80 bits, so the
     * rightmost 7 bytes are random as W3C Trace Context asks of a trace id). A trace store's indexes on the id then
     * grow at their end, where the pages are already in memory, instead of dirtying a random page per trace.
     */
    public static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() & MILLIS_48) << 16 | (random.nextInt() & 0xFFFF);
        return "tr-" + HEX.toHexDigits(high) + HEX.toHexDigits(random.nextLong());
    }

    /** 16 random hex digits, never all zero: an OpenTelemetry span id. */
    public static String spanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return HEX.toHexDigits(id);
    }
}
