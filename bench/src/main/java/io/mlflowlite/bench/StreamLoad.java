package io.mlflowlite.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The stream bench's client: streamed chat completions against one target, either open-loop ({@code rate}
 * streams/s, each timed from its intended start, as {@link LoadGenerator} does) or closed-loop ({@code
 * concurrency} clients each starting its next stream when the last one ended). Each stream runs on its own virtual
 * thread over a pooled keep-alive {@link StreamConnection}. One instance per target; one run at a time.
 */
final class StreamLoad implements AutoCloseable {
    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final String name;
    private final InetSocketAddress address;
    private final byte[] request;
    private final int timeoutMillis;
    private final ConcurrentLinkedDeque<StreamConnection> idle = new ConcurrentLinkedDeque<>();

    StreamLoad(String name, String baseUrl, String model, String apiKey, int timeoutMillis) {
        URI uri = URI.create(baseUrl);
        this.name = name;
        this.address = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.request = ClientConnection.post(address, MockUpstream.PATH, StreamBench.body(model), apiKey);
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * What one run saw; times in nanoseconds.
     *
     * @param firstToken from the stream's intended start to its first event
     * @param head       from the intended start to the response head
     * @param gap        between consecutive events of a stream
     * @param whole      from the intended start to the end of the stream
     * @param sendLag    how late the client started each stream (open-loop only)
     */
    record Result(
            String target,
            String load,
            long streams,
            long ok,
            long errors,
            long events,
            Histogram firstToken,
            Histogram head,
            Histogram gap,
            Histogram whole,
            Histogram sendLag,
            String firstError) {
        double millis(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private final class Run {
        final Recorder firstToken = new Recorder(MAX_NANOS, 3);
        final Recorder head = new Recorder(MAX_NANOS, 3);
        final Recorder gap = new Recorder(MAX_NANOS, 3);
        final Recorder whole = new Recorder(MAX_NANOS, 3);
        final Histogram sendLag = new Histogram(MAX_NANOS, 3);
        final LongAdder ok = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder events = new LongAdder();
        final AtomicReference<String> firstError = new AtomicReference<>();

        void stream(long due) {
            StreamConnection connection = idle.pollFirst();
            while (connection != null && connection.idleTooLong()) {
                connection.close();
                connection = idle.pollFirst();
            }
            try {
                if (connection == null) {
                    connection = new StreamConnection(address, timeoutMillis);
                }
                StreamConnection.Timing t = connection.exchange(request);
                if (connection.reusable()) {
                    idle.addFirst(connection);
                } else {
                    connection.close();
                }
                if (t.status() != 200 || t.eventCount() == 0) {
                    firstError.compareAndSet(null, "HTTP " + t.status() + " with " + t.eventCount() + " events");
                    errors.increment();
                    return;
                }
                long start = Math.min(due, t.sent());
                firstToken.recordValue(Math.min(t.events()[0] - start, MAX_NANOS));
                head.recordValue(Math.min(t.head() - start, MAX_NANOS));
                whole.recordValue(Math.min(t.end() - start, MAX_NANOS));
                for (int i = 1; i < t.eventCount(); i++) {
                    gap.recordValue(Math.min(t.events()[i] - t.events()[i - 1], MAX_NANOS));
                }
                events.add(t.eventCount());
                ok.increment();
            } catch (IOException | RuntimeException e) {
                if (connection != null) {
                    connection.close();
                }
                firstError.compareAndSet(null, e.toString());
                errors.increment();
            }
        }

        Result result(String load, long streams) {
            return new Result(
                    name,
                    load,
                    streams,
                    ok.sum(),
                    errors.sum(),
                    events.sum(),
                    firstToken.getIntervalHistogram(),
                    head.getIntervalHistogram(),
                    gap.getIntervalHistogram(),
                    whole.getIntervalHistogram(),
                    sendLag,
                    firstError.get());
        }
    }

    /** {@code rate} streams/s for {@code seconds}, each timed from when it was due; waits for the last. */
    Result open(double rate, double seconds) throws InterruptedException {
        Run run = new Run();
        long count = Math.max(1, Math.round(rate * seconds));
        double interval = 1e9 / rate;
        CountDownLatch done = new CountDownLatch(Math.toIntExact(count));
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * interval);
            long now = System.nanoTime();
            while (now < due) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            run.sendLag.recordValue(Math.min(now - due, MAX_NANOS));
            Thread.startVirtualThread(() -> {
                try {
                    run.stream(due);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        return run.result(String.format(java.util.Locale.ROOT, "%.0f/s", rate), count);
    }

    /** {@code concurrency} clients, each streaming one answer after another for {@code seconds}. */
    Result closed(int concurrency, double seconds) throws InterruptedException {
        Run run = new Run();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        LongAdder streams = new LongAdder();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(Thread.startVirtualThread(() -> {
                while (System.nanoTime() < end) {
                    run.stream(System.nanoTime());
                    streams.increment();
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        return run.result("c=" + concurrency, streams.sum());
    }

    @Override
    public void close() {
        for (StreamConnection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            c.close();
        }
    }
}
