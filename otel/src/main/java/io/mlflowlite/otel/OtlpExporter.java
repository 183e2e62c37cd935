package io.mlflowlite.otel;

import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceSink;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link TraceSink} that sends every trace over OTLP/HTTP with protobuf bodies to MLflow (≥ 3.6, at
 * {@code <tracking URI>/v1/traces} with the {@code x-mlflow-experiment-id} header), Jaeger, Langfuse,
 * Phoenix or any OpenTelemetry collector.
 *
 * <p>This is not the OpenTelemetry SDK: mlflowlite already has its own span model ({@link
 * io.mlflowlite.tracing.Span}), so the exporter writes the OTLP wire messages (the generated classes of
 * {@code opentelemetry-proto}) from it directly and posts them with the JDK {@code HttpClient}. The
 * {@linkplain io.mlflowlite.otel package documentation} tells how spans and attributes are mapped, and why
 * {@code mlflow.*} values go as JSON text while {@code gen_ai.*} values go as native numbers and strings.
 *
 * <p>Delivery: {@link #accept} queues the trace and returns at once; one daemon thread sends queued traces
 * in requests of up to {@link OtlpConfig#batchSize()} traces, as soon as a batch is full or after
 * {@link OtlpConfig#flushInterval()}. A request answered 429, 502, 503 or 504, or that cannot reach the
 * collector, is retried with exponential backoff and jitter, honouring {@code Retry-After}, up to
 * {@link OtlpConfig#maxRetries()} times; other answers fail the batch. At most
 * {@link OtlpConfig#maxQueuedTraces()} traces wait: beyond that {@code accept} drops the trace and counts
 * it, so a slow or dead collector never slows calls down and never grows memory. {@link #stats()} counts
 * everything. Thread-safe.
 */
public final class OtlpExporter implements TraceSink {
    private static final System.Logger LOG = System.getLogger(OtlpExporter.class.getName());

    private final OtlpConfig config;
    private final OtlpHttp http;
    private final Delivery delivery;
    private final Counters counters = new Counters();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private final ArrayDeque<Trace> queue = new ArrayDeque<>();
    private final Thread worker;
    // Guarded by lock. accepted and settled count traces ever queued and ever finished (sent or given up):
    // the worker takes them in order, so settled >= n means the first n accepted are done.
    private long accepted;
    private long settled;
    private int flushers;
    private boolean closed;
    private boolean stopping;

    /** Starts an exporter (and its daemon thread) sending to {@code config.endpoint()}. */
    public OtlpExporter(OtlpConfig config) {
        this.config = config;
        String version = version();
        this.http = new OtlpHttp(config, version);
        this.delivery = new Delivery(
                config,
                new ExportRequests(config, version),
                http,
                new Backoff(config.initialBackoff(), config.maxBackoff(), new Random()),
                counters);
        this.worker =
                Thread.ofPlatform().daemon().name("mlflowlite-otlp-exporter").unstarted(this::run);
        worker.start();
    }

    public OtlpConfig config() {
        return config;
    }

    /** Queues {@code trace} for export. Never blocks on I/O and never throws; a full queue drops and counts. */
    @Override
    public void accept(Trace trace) {
        if (trace == null) {
            return;
        }
        lock.lock();
        try {
            if (closed || queue.size() >= config.maxQueuedTraces()) {
                counters.droppedTraces.incrementAndGet();
                return;
            }
            queue.addLast(trace);
            accepted++;
            if (queue.size() >= config.batchSize()) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until every trace accepted before this call has been delivered or given up on, or
     * {@code timeout} passes; sends partly filled batches at once rather than waiting for the flush interval.
     */
    @Override
    public void flush(Duration timeout) {
        long nanos = timeout == null ? config.closeTimeout().toNanos() : timeout.toNanos();
        lock.lock();
        try {
            long target = accepted;
            if (settled >= target || Thread.currentThread() == worker) {
                return;
            }
            flushers++;
            work.signal();
            try {
                while (settled < target && nanos > 0) {
                    nanos = progress.awaitNanos(nanos);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                flushers--;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops accepting (later traces are dropped and counted), delivers what is queued for up to
     * {@link OtlpConfig#closeTimeout()}, then stops the thread; traces still queued then are counted dropped.
     * Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        flush(config.closeTimeout());
        lock.lock();
        try {
            stopping = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            worker.join(config.closeTimeout());
            if (worker.isAlive()) {
                // Still inside a request or a backoff after the flush gave up: abandon that batch.
                worker.interrupt();
                worker.join(config.closeTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            counters.droppedTraces.addAndGet(queue.size());
            queue.clear();
        } finally {
            lock.unlock();
        }
        http.close();
    }

    /**
     * Sends {@code traces} now, on the caller's thread, in requests of up to {@link OtlpConfig#batchSize()}
     * traces with the same retries as the background export (used by {@code traces export --format otlp}).
     * Blocks until done. Returns how many spans the collector accepted. Throws {@link OtlpExportException}
     * when a request is refused or fails through every retry, or when a trace has ids that are not hex (the
     * others are still sent); its {@link OtlpExportException#acceptedSpans()} counts what was delivered.
     * Throws {@link IllegalStateException} after {@link #close()}.
     */
    public long exportNow(List<Trace> traces) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("This OTLP exporter is closed");
            }
        } finally {
            lock.unlock();
        }
        long acceptedSpans = 0;
        int invalid = 0;
        String invalidReason = null;
        for (int from = 0; from < traces.size(); from += config.batchSize()) {
            List<Trace> batch = traces.subList(from, Math.min(traces.size(), from + config.batchSize()));
            try {
                Delivery.Sent sent = delivery.send(batch);
                acceptedSpans += sent.acceptedSpans();
                invalid += sent.invalidTraces();
                invalidReason = invalidReason == null ? sent.invalidReason() : invalidReason;
            } catch (OtlpExportException e) {
                throw new OtlpExportException(e.getMessage(), acceptedSpans, e.status(), e.retryable(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OtlpExportException(
                        "Interrupted while exporting traces to " + config.endpoint(), acceptedSpans, 0, true, e);
            }
        }
        if (invalid > 0) {
            throw new OtlpExportException(
                    invalid + " trace(s) were not exported because an id is not hex: " + invalidReason,
                    acceptedSpans,
                    0,
                    false,
                    null);
        }
        return acceptedSpans;
    }

    /** The counters so far, and how many traces are waiting. */
    public OtlpStats stats() {
        lock.lock();
        try {
            return counters.snapshot(queue.size());
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            List<Trace> batch;
            lock.lock();
            try {
                long wait = config.flushInterval().toNanos();
                // An empty queue always waits; a partly filled one waits unless someone is flushing.
                while ((queue.isEmpty() || (queue.size() < config.batchSize() && flushers == 0))
                        && !stopping
                        && wait > 0) {
                    wait = work.awaitNanos(wait);
                }
                if (queue.isEmpty()) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch = new ArrayList<>(Math.min(queue.size(), config.batchSize()));
                while (!queue.isEmpty() && batch.size() < config.batchSize()) {
                    batch.add(queue.pollFirst());
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            boolean interrupted = deliver(batch);
            lock.lock();
            try {
                settled += batch.size();
                progress.signalAll();
            } finally {
                lock.unlock();
            }
            if (interrupted) {
                return;
            }
        }
    }

    /** Sends one batch; never throws. Returns whether the thread was interrupted (close gave up waiting). */
    private boolean deliver(List<Trace> batch) {
        try {
            delivery.send(batch);
            return false;
        } catch (InterruptedException e) {
            counters.failedTraces.addAndGet(batch.size());
            return true;
        } catch (OtlpExportException e) {
            warn(e.getMessage());
            return false;
        } catch (RuntimeException e) {
            counters.failedTraces.addAndGet(batch.size());
            warn("Exporting " + batch.size() + " trace(s) over OTLP failed: " + e);
            return false;
        }
    }

    // A dead collector fails every batch: say so on the 1st, 10th, 100th … failure rather than every time.
    private void warn(String message) {
        long n = counters.failedRequests.incrementAndGet();
        if (Long.toString(n).matches("10*")) {
            LOG.log(System.Logger.Level.WARNING, "{0} (failed export #{1})", message, n);
        }
    }

    static String version() {
        try (InputStream in = OtlpExporter.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "");
            return v.isBlank() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
