package io.mlflowlite.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator: request {@code i} is due at {@code t0 + i / rate} whatever happened to the ones
 * before it, and its latency is measured from that due time. A server that stalls is therefore charged for the
 * queue it causes, instead of the generator politely waiting and sending less (the coordinated omission of
 * closed-loop tools). Each request runs on its own virtual thread over a pooled keep-alive connection; a new one
 * is opened when none is idle, up to {@code maxConnections} (past that, requests wait for one, and the wait is
 * in their latency). One instance per target; runs one schedule at a time.
 */
final class LoadGenerator implements AutoCloseable {
    private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final String name;
    private final InetSocketAddress address;
    private final byte[] request;
    private final int timeoutMillis;
    private final Semaphore connections;
    private final ConcurrentLinkedDeque<ClientConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /**
     * @param request the whole HTTP request, sent as is ({@link ClientConnection#post})
     */
    LoadGenerator(String name, InetSocketAddress address, byte[] request, int maxConnections, int timeoutMillis) {
        this.name = name;
        this.address = address;
        this.request = request.clone();
        this.timeoutMillis = timeoutMillis;
        this.connections = new Semaphore(maxConnections);
    }

    /**
     * A generator of the bench's chat completion request ({@link ServerBench#body}) for {@code model}, sent to the
     * server at {@code baseUrl} with {@code Authorization: Bearer <apiKey>} unless the key is null.
     */
    static LoadGenerator chat(
            String name, String baseUrl, String model, String apiKey, int maxConnections, int timeoutMillis) {
        URI uri = URI.create(baseUrl);
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
        byte[] request = ClientConnection.post(address, MockUpstream.PATH, ServerBench.body(model), apiKey);
        return new LoadGenerator(name, address, request, maxConnections, timeoutMillis);
    }

    /** Sends {@code rate} requests per second for {@code seconds}, then waits for the last answer or timeout. */
    LoadResult run(double rate, double seconds) throws InterruptedException {
        long count = Math.max(1, Math.round(rate * seconds));
        double interval = 1e9 / rate;
        Recorder latency = new Recorder(MAX_LATENCY_NANOS, 3);
        Histogram sendLag = new Histogram(MAX_LATENCY_NANOS, 3);
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder timeouts = new LongAdder();
        CountDownLatch done = new CountDownLatch(Math.toIntExact(count));
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        AtomicLong lastAnswer = new AtomicLong(start);
        firstError.set(null);
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * interval);
            long now = System.nanoTime();
            while (now < due) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            sendLag.recordValue(Math.min(now - due, MAX_LATENCY_NANOS));
            Thread.startVirtualThread(() -> {
                try {
                    switch (send(due)) {
                        case OK -> {
                            long end = System.nanoTime();
                            latency.recordValue(Math.min(end - due, MAX_LATENCY_NANOS));
                            ok.increment();
                            lastAnswer.accumulateAndGet(end, Math::max);
                        }
                        case ERROR -> errors.increment();
                        case TIMEOUT -> timeouts.increment();
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        return new LoadResult(
                name,
                rate,
                seconds,
                count,
                ok.sum(),
                errors.sum(),
                timeouts.sum(),
                lastAnswer.get() - start,
                latency.getIntervalHistogram(),
                sendLag,
                firstError.get());
    }

    /**
     * Closed loop: {@code concurrency} clients, each sending its next request when the last was answered, for
     * {@code seconds}; latency from each send. Shows the server's own tail without queueing behind the arrival
     * schedule (the rate is whatever the server sustains).
     */
    LoadResult closed(int concurrency, double seconds) throws InterruptedException {
        Recorder latency = new Recorder(MAX_LATENCY_NANOS, 3);
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder timeouts = new LongAdder();
        LongAdder sent = new LongAdder();
        firstError.set(null);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        AtomicLong lastAnswer = new AtomicLong(start);
        java.util.List<Thread> clients = new java.util.ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(Thread.startVirtualThread(() -> {
                while (System.nanoTime() < end) {
                    long begin = System.nanoTime();
                    sent.increment();
                    switch (send(begin)) {
                        case OK -> {
                            long now = System.nanoTime();
                            latency.recordValue(Math.min(now - begin, MAX_LATENCY_NANOS));
                            ok.increment();
                            lastAnswer.accumulateAndGet(now, Math::max);
                        }
                        case ERROR -> errors.increment();
                        case TIMEOUT -> timeouts.increment();
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        return new LoadResult(
                name,
                Double.NaN,
                seconds,
                sent.sum(),
                ok.sum(),
                errors.sum(),
                timeouts.sum(),
                lastAnswer.get() - start,
                latency.getIntervalHistogram(),
                new Histogram(MAX_LATENCY_NANOS, 3),
                firstError.get());
    }

    private enum Outcome {
        OK,
        ERROR,
        TIMEOUT
    }

    private Outcome send(long due) {
        long waitNanos = due + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) - System.nanoTime();
        try {
            if (!connections.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                return Outcome.TIMEOUT;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.ERROR;
        }
        ClientConnection connection = idle.pollFirst();
        while (connection != null && connection.idleTooLong()) {
            connection.close();
            connection = idle.pollFirst();
        }
        try {
            if (connection == null) {
                connection = new ClientConnection(address, timeoutMillis);
            }
            int status = connection.exchange(request);
            if (connection.reusable()) {
                idle.addFirst(connection); // most recently used first: a few hot connections, not hundreds
            } else {
                connection.close();
            }
            if (status != 200) {
                firstError.compareAndSet(null, "HTTP " + status);
                return Outcome.ERROR;
            }
            return Outcome.OK;
        } catch (SocketTimeoutException e) {
            close(connection);
            return Outcome.TIMEOUT;
        } catch (IOException | RuntimeException e) {
            close(connection);
            firstError.compareAndSet(null, e.toString());
            return Outcome.ERROR;
        } finally {
            connections.release();
        }
    }

    private static void close(ClientConnection connection) {
        if (connection != null) {
            connection.close();
        }
    }

    /** Closes the idle connections, so a target left alone between runs never sees half-dead ones reused. */
    @Override
    public void close() {
        for (ClientConnection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            c.close();
        }
    }
}
