package io.mlflowlite.internal.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle keep-alive connections by {@link Origin}, newest first. A connection is handed out only after
 * {@link Http1Connection#reusable()} found it open and silent, and only within the keep-alive time since its last
 * use; at most {@code maxIdlePerOrigin} wait per origin (the oldest go). A background sweep closes connections that
 * idled past the keep-alive time or that the server closed, so an idle gateway holds no half-closed sockets.
 * Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
    /** One daemon thread for every pool's sweeps and for bounding large writes: it only ever closes sockets. */
    static final ScheduledExecutorService TIMER = timer();

    private final Map<Origin, Idle> idle = new ConcurrentHashMap<>();
    private final int maxIdlePerOrigin;
    private final long keepAliveNanos;
    private final ScheduledFuture<?> sweeper;
    private volatile boolean closed;

    /** The idle connections of one origin and their count (a deque's size() walks it). */
    private static final class Idle {
        final ConcurrentLinkedDeque<Http1Connection> connections = new ConcurrentLinkedDeque<>();
        final AtomicInteger count = new AtomicInteger();

        Http1Connection pollNewest() {
            Http1Connection c = connections.pollFirst();
            if (c != null) {
                count.decrementAndGet();
            }
            return c;
        }

        Http1Connection pollOldest() {
            Http1Connection c = connections.pollLast();
            if (c != null) {
                count.decrementAndGet();
            }
            return c;
        }
    }

    ConnectionPool(int maxIdlePerOrigin, long keepAliveNanos, long sweepNanos) {
        this.maxIdlePerOrigin = maxIdlePerOrigin;
        this.keepAliveNanos = keepAliveNanos;
        this.sweeper = TIMER.scheduleWithFixedDelay(this::sweep, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
    }

    /** An idle connection to {@code origin} that can carry a request now, or null when there is none. */
    Http1Connection acquire(Origin origin) {
        Idle connections = idle.get(origin);
        if (connections == null) {
            return null;
        }
        long now = System.nanoTime();
        for (Http1Connection c = connections.pollNewest(); c != null; c = connections.pollNewest()) {
            if (now - c.idleSinceNanos() < keepAliveNanos && c.reusable()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /** Takes back a connection whose response was read to its end, to serve another request. */
    void release(Http1Connection connection) {
        if (closed || connection.isClosed()) {
            connection.close();
            return;
        }
        connection.idleSince(System.nanoTime());
        Idle connections = idle.computeIfAbsent(connection.origin, o -> new Idle());
        connections.connections.offerFirst(connection);
        if (connections.count.incrementAndGet() > maxIdlePerOrigin) {
            Http1Connection oldest = connections.pollOldest();
            if (oldest != null) {
                oldest.close();
            }
        }
        if (closed) {
            closeIdle();
        }
    }

    /** Idle connections to {@code origin} (for tests and diagnostics). */
    int idleCount(Origin origin) {
        Idle connections = idle.get(origin);
        return connections == null ? 0 : connections.count.get();
    }

    /** Closes connections idle past the keep-alive time or closed by their server, oldest first. */
    void sweep() {
        long now = System.nanoTime();
        for (Idle connections : idle.values()) {
            for (Http1Connection c = connections.pollOldest(); c != null; c = connections.pollOldest()) {
                if (now - c.idleSinceNanos() < keepAliveNanos && c.reusable()) {
                    // the newer ones are younger still; a server that closed one of them is found on its next use
                    connections.connections.offerLast(c);
                    connections.count.incrementAndGet();
                    break;
                }
                c.close();
            }
        }
    }

    /** Closes every idle connection and stops sweeping; connections in use are closed when they come back. */
    @Override
    public void close() {
        closed = true;
        sweeper.cancel(false);
        closeIdle();
    }

    private void closeIdle() {
        for (Idle connections : idle.values()) {
            for (Http1Connection c = connections.pollOldest(); c != null; c = connections.pollOldest()) {
                c.close();
            }
        }
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                1,
                task -> Thread.ofPlatform()
                        .daemon()
                        .name("mlflowlite-http-timer")
                        .unstarted(task));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
