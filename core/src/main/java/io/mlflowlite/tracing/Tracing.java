package io.mlflowlite.tracing;

import io.mlflowlite.error.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where traces go and how they are recorded: on/off, the experiment name, redaction, the store (through a
 * {@link TraceWriter}) and extra sinks such as an OTLP exporter. {@link #global()} is the process-wide
 * instance the gateway and {@link Tracer} use, configured from the environment on first use. Thread-safe.
 */
public final class Tracing implements AutoCloseable {
    /** MLflow's default experiment name for GenAI traces in this project. */
    public static final String DEFAULT_EXPERIMENT = "llm_workspace";

    private static final Logger LOG = Logger.getLogger(Tracing.class.getName());
    private static final AtomicReference<Tracing> GLOBAL = new AtomicReference<>();
    /** How long {@link #logAssessment} waits for queued traces to be stored before calling an id unknown. */
    private static final Duration ASSESSMENT_FLUSH = Duration.ofSeconds(2);

    private final TraceStore store;
    private final TraceWriter writer;
    private final List<TraceSink> sinks;
    private final Redactor redactor;
    /**
     * The last traces recorded, readable before the writer stored them: 1,024 without a store (the only place
     * they are), 64 with one, where they only bridge the writer's delay (a trace in neither is read again after a
     * flush). Fewer traces held means less for each young collection to copy.
     */
    private final RecentTraces recent;

    private volatile boolean enabled;
    private volatile String experiment;

    private Tracing(Builder b) {
        this.store = b.store;
        this.writer = b.store == null ? null : new TraceWriter(b.store, b.spillDir, b.writerOptions);
        // with a store they only bridge the writer's delay; without one they are what getTrace can read
        this.recent = b.store == null ? new RecentTraces(1024, 16L << 20) : new RecentTraces(64, 4L << 20);
        List<TraceSink> all = new ArrayList<>();
        if (writer != null) {
            all.add(writer);
        }
        all.addAll(b.sinks);
        this.sinks = new java.util.concurrent.CopyOnWriteArrayList<>(all);
        this.redactor = b.redactor;
        this.enabled = b.enabled;
        this.experiment = b.experiment;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The process-wide tracing. On first use it is configured from the environment: {@code MLFLOWLITE_TRACING=off}
     * disables it; {@code MLFLOWLITE_STORE} names the store ({@code jdbc:sqlite:…}, {@code jdbc:postgresql:…}),
     * defaulting to {@code mlflowlite.db} in the working directory when the store module is on the classpath
     * and to memory otherwise; {@code MLFLOWLITE_REDACT} adds redaction regexes (separated by {@code ;;}) and
     * {@code MLFLOWLITE_REDACT_PATHS} field paths (separated by commas);
     * {@code MLFLOW_EXPERIMENT_NAME} sets the experiment; {@link TraceSinkProvider}s add exporters (OTLP).
     * A store that cannot be opened fails here, naming the problem.
     */
    public static Tracing global() {
        Tracing tracing = GLOBAL.get();
        if (tracing == null) {
            synchronized (GLOBAL) {
                tracing = GLOBAL.get();
                if (tracing == null) {
                    tracing = fromEnv(System.getenv());
                    GLOBAL.set(tracing);
                    Tracing closing = tracing;
                    Runtime.getRuntime().addShutdownHook(new Thread(closing::close, "mlflowlite-tracing-shutdown"));
                }
            }
        }
        return tracing;
    }

    /** Replaces the process-wide tracing (closing the previous one). */
    public static void setGlobal(Tracing tracing) {
        Tracing previous = GLOBAL.getAndSet(tracing);
        if (previous != null && previous != tracing) {
            previous.close();
        }
    }

    /**
     * Tracing configured from {@code env} as described in {@link #global()}. With {@code MLFLOWLITE_TRACING=off}
     * nothing is opened: no store (so no database file), no spill directory, no writer thread, no exporter;
     * {@link #setEnabled turning it on} later keeps traces in memory only ({@link #getTrace}).
     */
    public static Tracing fromEnv(Map<String, String> env) {
        Builder b = builder();
        String mode = env.getOrDefault("MLFLOWLITE_TRACING", "on");
        boolean on = !Set.of("off", "false", "0", "no").contains(mode.strip().toLowerCase(java.util.Locale.ROOT));
        b.enabled(on);
        if (env.containsKey("MLFLOW_EXPERIMENT_NAME")) {
            b.experiment(env.get("MLFLOW_EXPERIMENT_NAME"));
        }
        if (!on) {
            return b.build();
        }
        String url = env.get("MLFLOWLITE_STORE");
        if (url != null && !url.isBlank()) {
            b.store(TraceStores.open(url.strip()));
        } else if (TraceStores.available()) {
            b.store(TraceStores.open(TraceStores.DEFAULT_URL));
        } else {
            b.store(new InMemoryTraceStore(10_000));
        }
        if (env.containsKey("MLFLOWLITE_SPILL_DIR")) {
            b.spillDir(Path.of(env.get("MLFLOWLITE_SPILL_DIR")));
        }
        if (env.containsKey("MLFLOWLITE_REDACT") || env.containsKey("MLFLOWLITE_REDACT_PATHS")) {
            b.redactor(Redactor.of(
                    list(env.get("MLFLOWLITE_REDACT"), ";;"),
                    Set.of(),
                    Set.copyOf(list(env.get("MLFLOWLITE_REDACT_PATHS"), ","))));
        }
        for (TraceSinkProvider provider : ServiceLoader.load(TraceSinkProvider.class)) {
            provider.fromEnv(env).ifPresent(b::sink);
        }
        return b.build();
    }

    private static List<String> list(String value, String separator) {
        return value == null || value.isBlank()
                ? List.of()
                : Arrays.stream(value.split(separator))
                        .map(String::strip)
                        .filter(v -> !v.isEmpty())
                        .toList();
    }

    public boolean enabled() {
        return enabled;
    }

    /** Turns tracing on or off for calls that start from now (like MLflow's {@code set_mlflow_tracking}). */
    public void setEnabled(boolean on) {
        this.enabled = on;
    }

    public String experimentName() {
        return experiment;
    }

    /** Sets the experiment new traces are recorded under. */
    public void setExperimentName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("experiment name must not be blank");
        }
        this.experiment = name;
    }

    /**
     * Starts a span under {@code parent}, or as the root of a new trace when {@code parent} is null. The span
     * is not made current on this thread (see {@link Tracer#start} for that).
     */
    public ActiveSpan startSpan(String name, SpanType type, ActiveSpan parent) {
        if (parent != null) {
            return parent.trace().newSpan(name, type, parent.spanId());
        }
        return new InFlightTrace(this, experiment).newSpan(name, type, null);
    }

    /**
     * Records a finished trace: redacts it, keeps it for {@link #getTrace}, hands it to every sink. What is kept and
     * handed on holds the spans' inputs and outputs as JSON text only ({@link Span#inputsJson()}): written once
     * here, read by the store and the spill file as they are, and by few objects while the trace waits in a queue.
     */
    void record(Trace trace) {
        Trace redacted = redactor.apply(trace);
        List<Span> spans = new ArrayList<>(redacted.spans().size());
        for (Span span : redacted.spans()) {
            spans.add(span.withTextContent());
        }
        Trace clean = new Trace(redacted.info(), spans);
        recent.put(clean);
        for (TraceSink sink : sinks) {
            try {
                sink.accept(clean);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Trace sink " + sink + " threw; the contract says it must not", e);
            }
        }
    }

    /**
     * The trace {@code traceId}: just recorded (still in memory, with the assessments stored for it so far; none
     * while the store is unreachable) or from the store (after a flush, when it was recorded but not yet stored).
     */
    public Optional<Trace> getTrace(String traceId) {
        Optional<Trace> fresh = recent.get(traceId);
        if (fresh.isPresent() || store == null) {
            return fresh.map(this::withStoredAssessments);
        }
        Optional<Trace> stored = store.get(traceId);
        if (stored.isEmpty() && writer != null) {
            writer.flush(ASSESSMENT_FLUSH); // recorded but no longer among the recent ones, and not yet stored
            stored = store.get(traceId);
        }
        return stored;
    }

    private Trace withStoredAssessments(Trace trace) {
        if (store == null) {
            return trace;
        }
        try {
            List<Assessment> stored = store.assessments(trace.traceId());
            return stored.isEmpty() ? trace : trace.withAssessments(stored);
        } catch (UnsupportedOperationException e) {
            return trace;
        } catch (TraceStoreException e) {
            // the trace itself is in memory: still useful while the store is away, without its assessments
            LOG.log(Level.FINE, "Could not read the assessments of " + trace.traceId(), e);
            return trace;
        }
    }

    /**
     * Whether {@code traceId} names a trace this tracing recorded or its store holds: recorded in this process
     * (the newest ones are in memory, whether or not the writer stored them yet), stored (by this process or
     * another replica sharing the store), or — after waiting up to {@code flushTimeout} for the writer to store
     * what it has queued — stored then. A trace whose root span has not ended yet (a stream still running) is
     * not known.
     */
    public boolean knows(String traceId, Duration flushTimeout) {
        return findTrace(traceId, flushTimeout).isPresent();
    }

    /**
     * The trace {@code traceId} as {@link #knows} looks for it: recorded in this process, stored, or stored after
     * waiting up to {@code flushTimeout} for the writer's queue. Blocks on the store.
     */
    public Optional<Trace> findTrace(String traceId, Duration flushTimeout) {
        Optional<Trace> found = getTrace(traceId);
        if (found.isPresent() || store == null || writer == null) {
            return found;
        }
        flush(flushTimeout);
        return store.get(traceId);
    }

    /**
     * Attaches {@code feedback} to the trace {@code traceId} as a new assessment in the store, and returns it.
     * The trace must be {@link #knows known} (waiting up to 2 s for queued traces to be stored): an id that
     * names no trace is refused rather than kept forever. Blocks on the store.
     *
     * @throws java.util.NoSuchElementException when no trace {@code traceId} was recorded or stored
     * @throws ConfigurationException when this tracing has no store (tracing off) or its store keeps no
     *     assessments
     * @throws TraceStoreException when the store fails
     */
    public Assessment logAssessment(String traceId, io.mlflowlite.chat.Feedback feedback) {
        java.util.Objects.requireNonNull(traceId, "traceId");
        java.util.Objects.requireNonNull(feedback, "feedback");
        TraceStore target = assessmentStore();
        if (!knows(traceId, ASSESSMENT_FLUSH)) {
            throw new java.util.NoSuchElementException("No trace " + traceId + " was recorded by this gateway or is in "
                    + "its trace store " + target.describe() + "; pass the trace id a response carried "
                    + "(ChatResponse.traceId(), the x-mlflowlite-trace-id header)");
        }
        Assessment assessment = Assessment.of(traceId, feedback);
        try {
            target.logAssessment(assessment);
        } catch (UnsupportedOperationException e) {
            throw new ConfigurationException(e.getMessage() + "; use a SQLite or PostgreSQL store (MLFLOWLITE_STORE)");
        }
        return assessment;
    }

    /** The assessments of {@code traceId} in the store, oldest first. */
    public List<Assessment> assessments(String traceId) {
        return assessmentStore().assessments(traceId);
    }

    private TraceStore assessmentStore() {
        if (store == null) {
            throw new ConfigurationException("Tracing has no store to keep assessments in: tracing is off "
                    + "(MLFLOWLITE_TRACING=off) or was built without a store");
        }
        return store;
    }

    /** Searches the store (after flushing what is queued, so the caller's own calls are included). */
    public TracePage search(TraceQuery query) {
        if (store == null) {
            throw new ConfigurationException("Tracing has no store to search");
        }
        flush(Duration.ofSeconds(5));
        return store.search(query);
    }

    /** The store traces are written to, when there is one. */
    public Optional<TraceStore> store() {
        return Optional.ofNullable(store);
    }

    /** Counters of the store writer (all zero without a store). */
    public TraceWriterStats stats() {
        return writer == null ? new TraceWriterStats(0, 0, 0, 0, 0, 0, true) : writer.stats();
    }

    /**
     * Adds a sink that hears every trace finished from now on (online scoring, an exporter added at run time).
     * It is flushed and closed with this tracing.
     */
    public void addSink(TraceSink sink) {
        sinks.add(java.util.Objects.requireNonNull(sink, "sink"));
    }

    /** Removes a sink added before (it is neither flushed nor closed here); false when it was not there. */
    public boolean removeSink(TraceSink sink) {
        return sinks.remove(sink);
    }

    /** Blocks until every recorded trace reached the store (or the spill file) and every sink, or the timeout. */
    public void flush(Duration timeout) {
        sinks.forEach(s -> s.flush(timeout));
    }

    /** Flushes and closes the sinks and the store. */
    @Override
    public void close() {
        for (TraceSink sink : sinks) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Closing trace sink failed", e);
            }
        }
        if (store != null) {
            store.close();
        }
    }

    /** Configures a {@link Tracing}. */
    public static final class Builder {
        private boolean enabled = true;
        private String experiment = DEFAULT_EXPERIMENT;
        private TraceStore store;
        private Path spillDir = Path.of(".mlflowlite", "spill");
        private TraceWriter.Options writerOptions = TraceWriter.Options.DEFAULT;
        private final List<TraceSink> sinks = new ArrayList<>();
        private Redactor redactor = Redactor.secretsOnly();

        public Builder enabled(boolean on) {
            this.enabled = on;
            return this;
        }

        public Builder experiment(String name) {
            this.experiment = name;
            return this;
        }
        /** The store to write traces to (through an async {@link TraceWriter}); none keeps traces only briefly in memory. */
        public Builder store(TraceStore traceStore) {
            this.store = traceStore;
            return this;
        }
        /** Where traces spill when the store is unavailable (default {@code .mlflowlite/spill}). */
        public Builder spillDir(Path dir) {
            this.spillDir = dir;
            return this;
        }

        public Builder writerOptions(TraceWriter.Options options) {
            this.writerOptions = options;
            return this;
        }
        /** An extra destination, such as an OTLP exporter. */
        public Builder sink(TraceSink sink) {
            this.sinks.add(sink);
            return this;
        }

        public Builder redactor(Redactor r) {
            this.redactor = r;
            return this;
        }

        public Tracing build() {
            return new Tracing(this);
        }
    }
}
