package io.mlflowlite.server;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the large request bodies (1 MiB and more, by their {@code Content-Length}) the server handles at once, so
 * a burst of them (long documents, images sent as data URLs) cannot run the heap out: a request holds several
 * times its body's size while it is parsed, forwarded and traced. A request whose body does not fit waits for
 * room, up to {@code wait}, and is then refused with 503 and {@code retry-after}. Smaller bodies, and bodies sent
 * without a length, pass without touching it. Thread-safe.
 */
final class LargeBodies {
    /** The size from which a body counts. */
    static final long LARGE = 1L << 20;

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final long budget;
    private final long maxBodySize;
    private final Duration wait;
    /** Room left, in KiB. */
    private final Semaphore kib;

    private final int totalKib;

    LargeBodies(long budget, long maxBodySize, Duration wait) {
        this.budget = budget;
        this.maxBodySize = maxBodySize;
        this.wait = wait;
        this.totalKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, budget >> 10));
        this.kib = new Semaphore(totalKib, true);
    }

    /** The default budget and wait, for bodies up to {@code maxBodySize}. */
    static LargeBodies withDefaults(long maxBodySize) {
        return new LargeBodies(defaultBudget(), maxBodySize, DEFAULT_WAIT);
    }

    /** A sixteenth of the heap the JVM may grow to (32 MiB with serve's {@code -Xmx512m}), at least 16 MiB. */
    static long defaultBudget() {
        return Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 16);
    }

    /**
     * Holds room for {@code exchange}'s body, waiting for it when needed; returns what to give back to {@link
     * #leave} (0 when the body does not count).
     *
     * @throws ApiException 503 when no room came within the wait
     */
    int enter(Exchange exchange) throws InterruptedException {
        OptionalLong declared = exchange.contentLength();
        if (declared.isEmpty() || declared.getAsLong() < LARGE || declared.getAsLong() > maxBodySize) {
            return 0; // small, unknown (counted by nothing), or refused with 413 when read
        }
        int permits = (int) Math.min(totalKib, (declared.getAsLong() + 1023) >> 10);
        // in turn (the semaphore is fair): a large body waiting is not overtaken by smaller ones arriving later
        if (kib.tryAcquire(permits, wait.toNanos(), TimeUnit.NANOSECONDS)) {
            return permits;
        }
        throw new ApiException(ApiError.of(
                        503,
                        "api_error",
                        "server_busy",
                        "This gateway is already handling " + (budget >> 20) + " MiB of large request bodies (1 MiB"
                                + " and more), its limit, and none finished within "
                                + (wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms")
                                + "; send"
                                + " the request again shortly, or give the gateway more heap"
                                + " (MLFLOWLITE_JAVA_OPTS=-Xmx…: the limit is a sixteenth of it).")
                .withHeader("retry-after", "1")
                // the body was not read: end the connection rather than read it to reuse the connection
                .withHeader("connection", "close"));
    }

    void leave(int permits) {
        if (permits > 0) {
            kib.release(permits);
        }
    }
}
