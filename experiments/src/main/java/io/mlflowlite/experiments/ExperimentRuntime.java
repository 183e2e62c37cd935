package io.mlflowlite.experiments;

import io.mlflowlite.tracing.TraceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The experiments a gateway process serves: the store they live in and an in-memory snapshot of them that the
 * call path reads without I/O. A background thread re-reads the store every {@link #refreshInterval()}, so a
 * change made by another replica, the CLI or the admin API reaches this process within that interval; changes
 * made through this runtime apply here at once. Thread-safe.
 */
public final class ExperimentRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ExperimentRuntime.class.getName());
    /** How often the snapshot is re-read by default. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(2);

    private static final Map<String, ExperimentRuntime> SHARED = new ConcurrentHashMap<>();

    private final ExperimentStore store;
    private final Duration refresh;
    private final AtomicReference<Map<String, Experiment>> snapshot = new AtomicReference<>(Map.of());
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean controlling = new AtomicBoolean();

    /** A runtime over {@code store}, re-reading it every {@code refresh}. The caller closes both. */
    public ExperimentRuntime(ExperimentStore store, Duration refresh) {
        if (!refresh.isPositive()) {
            throw new IllegalArgumentException("refresh must be positive, was " + refresh);
        }
        this.store = store;
        this.refresh = refresh;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlflowlite-experiments");
            t.setDaemon(true);
            return t;
        });
        reload();
        long ms = refresh.toMillis();
        scheduler.scheduleWithFixedDelay(this::reloadQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * The process-wide runtime of the store at {@code url} (opened on first use, refreshed every
     * {@link #DEFAULT_REFRESH}, never closed: it lives as long as the process). What gateways use when the
     * {@code experiment} strategy is found on the classpath.
     */
    public static ExperimentRuntime shared(String url) {
        return SHARED.computeIfAbsent(url, u -> new ExperimentRuntime(ExperimentStores.open(u), DEFAULT_REFRESH));
    }

    /** The store behind this runtime. */
    public ExperimentStore store() {
        return store;
    }

    /** How often the snapshot is re-read from the store. */
    public Duration refreshInterval() {
        return refresh;
    }

    /** The experiment called {@code name} as this process last read it. No I/O. */
    public Optional<Experiment> current(String name) {
        return Optional.ofNullable(snapshot.get().get(name));
    }

    /** Re-reads every experiment from the store now. Blocks on the store. */
    public void reload() {
        snapshot.set(
                store.list().stream().collect(Collectors.toUnmodifiableMap(Experiment::name, Function.identity())));
    }

    /** Makes {@code experiment} the one this process serves at once (after this process changed it in the store). */
    void applied(Experiment experiment) {
        snapshot.updateAndGet(old -> {
            Map<String, Experiment> next = new java.util.HashMap<>(old);
            Experiment known = next.get(experiment.name());
            if (known == null || known.version() <= experiment.version()) {
                next.put(experiment.name(), experiment);
            }
            return Map.copyOf(next);
        });
    }

    /**
     * Starts moving this runtime's rollouts by their gates (once; later calls do nothing): every second, each
     * rollout whose {@code check_every} is due is evaluated from its calls' traces in {@code traces}. Every replica
     * may run one; each step applies once.
     */
    public void startController(TraceStore traces, Clock clock) {
        if (controlling.compareAndSet(false, true)) {
            Rollouts.Controller controller = new Rollouts.Controller(this, traces, clock);
            every(Duration.ofSeconds(1), controller::tick);
        }
    }

    /** Schedules {@code task} every {@code period} on this runtime's thread (the rollout controller's tick). */
    void every(Duration period, Runnable task) {
        long ms = period.toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "Experiment task failed; it runs again in " + ms + " ms",
                                e);
                    }
                },
                ms,
                ms,
                TimeUnit.MILLISECONDS);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Cannot re-read experiments from " + store.describe() + "; serving the last ones read: "
                            + e.getMessage());
        }
    }

    /** Stops the refresh thread; the store stays open (its owner closes it). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            scheduler.shutdownNow();
        }
    }
}
