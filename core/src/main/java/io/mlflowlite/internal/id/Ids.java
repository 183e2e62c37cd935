package io.mlflowlite.internal.id;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Random ids in MLflow's and OpenTelemetry's formats. Thread-safe. */
public final class Ids {
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {
    }

    /** {@code tr-} + 32 hex digits: an MLflow trace id whose hex part is the OpenTelemetry trace id. */
    public static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "tr-" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }

    /** 16 hex digits: an OpenTelemetry span id. */
    public static String spanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return HEX.toHexDigits(id);
    }
}
