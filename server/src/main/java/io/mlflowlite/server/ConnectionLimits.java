package io.mlflowlite.server;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What a client connection may hold and for how long: the server is shared infrastructure, so an idle, slow or
 * hostile client must not keep a socket, a thread or a file descriptor longer than these.
 *
 * @param idleTimeout    a keep-alive connection with no request (or a request line not finished) this long is closed
 * @param headerTimeout  the most a client may take from its request line to the end of its headers
 * @param bodyTimeout    the most a client may take to send a whole request body
 * @param maxConnections connections open at once; more wait in the listen backlog, not accepted, until one closes
 */
record ConnectionLimits(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout, int maxConnections) {
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(90);
    static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
    /** The most connections by default, whatever the file descriptor limit allows. */
    static final int MAX_DEFAULT_CONNECTIONS = 10_000;
    /** File descriptors kept for everything but client connections: jars, logs, the trace store, the listener. */
    private static final int RESERVED_DESCRIPTORS = 64;

    static ConnectionLimits defaults() {
        return new ConnectionLimits(
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_HEADER_TIMEOUT,
                DEFAULT_BODY_TIMEOUT,
                defaultMaxConnections(maxFileDescriptors()));
    }

    /**
     * The connection cap the file descriptor limit allows: each client connection may hold an upstream one too, so
     * half of what is left after a reserve. Accepting past the limit would fail with "Too many open files", which
     * stops the web server's listener for good; below it that cannot happen.
     */
    static int defaultMaxConnections(long maxFileDescriptors) {
        if (maxFileDescriptors <= 0) {
            return MAX_DEFAULT_CONNECTIONS;
        }
        long fit = (maxFileDescriptors - RESERVED_DESCRIPTORS) / 2;
        return (int) Math.max(8, Math.min(MAX_DEFAULT_CONNECTIONS, fit));
    }

    /** This process's file descriptor limit, or -1 where the platform does not say (Windows). */
    static long maxFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** How often idle connections are looked for: often enough that one outlives its timeout by at most a quarter. */
    Duration idleCheckPeriod() {
        return idleTimeout.dividedBy(4).compareTo(Duration.ofMillis(50)) < 0
                ? Duration.ofMillis(50)
                : idleTimeout.dividedBy(4);
    }
}
