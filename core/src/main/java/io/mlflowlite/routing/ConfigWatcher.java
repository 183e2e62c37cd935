package io.mlflowlite.routing;

import io.mlflowlite.error.MlflowliteException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a gateway's routing in step with a configuration file: when the file changes it is read, validated
 * and handed to the target ({@code gateway::reconfigure}), which swaps it in atomically; an unreadable or
 * invalid file is rejected with every reason and the previous configuration keeps serving. {@link #reload()}
 * does the same on demand (the server's {@code POST /admin/reload}).
 *
 * <p>Watching: a {@link WatchService} on the file's directory, so editors that save by writing a new file
 * and renaming it over the old one (vim, most IDEs), and Kubernetes ConfigMap updates (a symlink swap in
 * the directory), are seen as well as in-place writes. Events are debounced: the reload runs once the
 * directory has been quiet for the debounce period, and only when the file's bytes changed (an empty file
 * is taken for a save in progress and waited out). A file that is itself a symlink to another directory is
 * not followed.
 *
 * <p>Threading: one daemon thread per watcher; reloads are serialized. The listener is called on the thread
 * that reloaded (the watcher's, or {@link #reload()}'s caller) and must be fast and never throw. Closing
 * stops the thread. Thread-safe.
 */
public final class ConfigWatcher implements Closeable {
    private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

    private final Path file;
    private final RoutingConfigLoader loader;
    private final Consumer<RoutingConfig> target;
    private final Consumer<ReloadOutcome> listener;
    private final Duration debounce;
    private final WatchService watchService;
    private final Thread thread;
    private final Object reloadLock = new Object();
    private byte[] lastSeenHash;
    private String serving;
    private volatile ReloadOutcome lastOutcome;

    private ConfigWatcher(Builder b) throws IOException {
        this.file = b.file.toAbsolutePath().normalize();
        this.loader = b.loader;
        this.target = b.target;
        this.listener = b.listener;
        this.debounce = b.debounce;
        Path directory = Objects.requireNonNull(file.getParent(), "the file needs a parent directory");
        this.watchService = directory.getFileSystem().newWatchService();
        directory.register(
                watchService,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        this.thread =
                Thread.ofPlatform().daemon().name("mlflowlite-config-watcher").unstarted(this::watch);
    }

    /**
     * Starts watching {@code file} and applies it once now (watching starts first, so no edit is missed in
     * between). The outcome of that first load is {@link #lastOutcome()} and went to the listener.
     *
     * @param file   the configuration file
     * @param target applies a configuration, throwing {@link RoutingConfigException} (or any
     *               {@link MlflowliteException}) to reject it: usually {@code gateway::reconfigure}
     */
    public static Builder builder(Path file, Consumer<RoutingConfig> target) {
        return new Builder(file, target);
    }

    /**
     * Reads, validates and applies the file now, whatever its bytes, and returns what happened. Blocks on
     * the file read and on any reload in progress.
     */
    public ReloadOutcome reload() {
        synchronized (reloadLock) {
            return reload(true);
        }
    }

    /** The outcome of the last reload. */
    public Optional<ReloadOutcome> lastOutcome() {
        return Optional.ofNullable(lastOutcome);
    }

    /** The watched file. */
    public Path file() {
        return file;
    }

    /** Stops watching. Idempotent; does not wait for a reload in progress. */
    @Override
    public void close() {
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "Closing the config watch service failed", e);
        }
    }

    private void watch() {
        try {
            while (true) {
                boolean relevant = drain(watchService.take());
                WatchKey more;
                while ((more = watchService.poll(debounce.toNanos(), TimeUnit.NANOSECONDS)) != null) {
                    relevant |= drain(more);
                }
                if (relevant) {
                    synchronized (reloadLock) {
                        reload(false);
                    }
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: stop watching
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "The routing config watcher for " + file + " stopped", e);
        }
    }

    /** Whether the events may concern the file: its own name, a Kubernetes-style "..data" swap, or lost events. */
    private boolean drain(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
            } else if (event.context() instanceof Path name) {
                relevant |= name.equals(file.getFileName()) || name.toString().startsWith("..");
            }
        }
        if (!key.reset()) {
            LOG.warning("The directory of " + file + " is gone; routing configuration changes are no longer watched");
        }
        return relevant;
    }

    private ReloadOutcome reload(boolean always) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | UncheckedIOException e) {
            return report(
                    ReloadOutcome.Status.REJECTED,
                    List.of(new ConfigProblem(
                            "", "cannot read the file: " + e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
        if (!always && bytes.length == 0) {
            return lastOutcome; // truncated by an in-place save whose write has not landed yet; its event follows
        }
        byte[] hash = sha256(bytes);
        if (!always && Arrays.equals(hash, lastSeenHash)) {
            return lastOutcome; // an event that did not change the bytes (a touch, another file's rename)
        }
        lastSeenHash = hash;
        RoutingConfig config;
        try {
            config = loader.parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
        } catch (RoutingConfigException e) {
            return report(ReloadOutcome.Status.REJECTED, e.problems());
        }
        String label = config.label();
        boolean same = label.equals(serving);
        if (same && !always) {
            return report(ReloadOutcome.Status.UNCHANGED, List.of());
        }
        try {
            // an explicit reload re-applies even an unchanged file, in case the target was changed by other means
            target.accept(config);
        } catch (RoutingConfigException e) {
            return report(ReloadOutcome.Status.REJECTED, e.problems());
        } catch (MlflowliteException e) {
            return report(ReloadOutcome.Status.REJECTED, List.of(new ConfigProblem("", e.getMessage())));
        } catch (RuntimeException e) {
            return report(ReloadOutcome.Status.REJECTED, List.of(new ConfigProblem("", "applying it failed: " + e)));
        }
        serving = label;
        return report(same ? ReloadOutcome.Status.UNCHANGED : ReloadOutcome.Status.APPLIED, List.of());
    }

    private ReloadOutcome report(ReloadOutcome.Status status, List<ConfigProblem> problems) {
        ReloadOutcome outcome = new ReloadOutcome(status, file.toString(), serving, problems, Instant.now());
        lastOutcome = outcome;
        LOG.log(status == ReloadOutcome.Status.REJECTED ? Level.WARNING : Level.INFO, outcome.message());
        try {
            listener.accept(outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A routing config listener threw; ignored", e);
        }
        return outcome;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Configures a {@link ConfigWatcher}. Not thread-safe. */
    public static final class Builder {
        private final Path file;
        private final Consumer<RoutingConfig> target;
        private RoutingConfigLoader loader = RoutingConfigLoader.withEnv(System.getenv());
        private Consumer<ReloadOutcome> listener = outcome -> {};
        private Duration debounce = Duration.ofMillis(200);

        private Builder(Path file, Consumer<RoutingConfig> target) {
            this.file = Objects.requireNonNull(file, "file");
            this.target = Objects.requireNonNull(target, "target");
        }

        /** How to read the file; default: {@code RoutingConfigLoader.withEnv(System.getenv())}. */
        public Builder loader(RoutingConfigLoader value) {
            this.loader = value;
            return this;
        }

        /** Told every outcome (applied, unchanged, rejected); fast, never throws. Outcomes are also logged. */
        public Builder listener(Consumer<ReloadOutcome> value) {
            this.listener = value;
            return this;
        }

        /** How long the directory must stay quiet before a reload (default 200 ms). */
        public Builder debounce(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("debounce must be 0 or more, was " + value);
            }
            this.debounce = value;
            return this;
        }

        /**
         * Starts the watcher and applies the file once. Blocks on that first load.
         *
         * @throws UncheckedIOException when the directory cannot be watched
         */
        public ConfigWatcher start() {
            ConfigWatcher watcher;
            try {
                watcher = new ConfigWatcher(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot watch " + file + ": " + e.getMessage(), e);
            }
            watcher.reload();
            watcher.thread.start();
            return watcher;
        }
    }
}
