package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.mock.MockModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the real runnable jar ({@code cli/target/mlflowlite.jar}, built in the package phase) as a child process, the
 * way a user's shell does: its own JVM, its own stdout and stderr, its exit code. No provider keys or mlflowlite
 * settings leak in from the machine running the build.
 *
 * <p>Made quicker without changing what a command prints or does: the JVM starts with {@link ChildMain#QUICK_JVM}
 * and a class-data archive of the jar's classes (see {@link #jvmOptions}), the simulated models answer without their simulated latency ({@code MLFLOWLITE_MOCK_MODELS} sets every bundled
 * model's {@code latency_scale} to 0), and {@link #runAll} runs commands that do not depend on one another side by
 * side. At most {@link #PARALLEL} processes run at a time, whichever test starts them, and the commands of
 * {@link #runAll} leave one of those places to commands run one after the other (a test's setup), which would
 * otherwise wait behind a long batch.
 */
final class JarProcess {
    /** One finished run. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    static final Path JAR = Path.of(System.getProperty("mlflowlite.jar", "target/mlflowlite.jar"))
            .toAbsolutePath();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    /** How many {@link #run} processes run at once: one per core and one more (they wait on disk now and then). */
    static final int PARALLEL = Runtime.getRuntime().availableProcessors() + 1;

    private static final Semaphore SLOTS = new Semaphore(PARALLEL, true);
    private static final Semaphore BATCH_SLOTS = new Semaphore(PARALLEL - 1, true);
    private static final ThreadLocal<Boolean> IN_BATCH = ThreadLocal.withInitial(() -> false);
    /**
     * A models file ({@code MLFLOWLITE_MOCK_MODELS}) giving every bundled simulated model latency scale 0: the same
     * answers, without waiting out their simulated latency.
     */
    static final Path INSTANT_MOCKS = instantMocks();

    private JarProcess() {}

    static Result run(Path dir, String... args) {
        return run(dir, Map.of(), args);
    }

    static Result run(Path dir, Map<String, String> env, String... args) {
        boolean batch = IN_BATCH.get();
        if (batch) {
            BATCH_SLOTS.acquireUninterruptibly();
        }
        SLOTS.acquireUninterruptibly();
        Process process = null;
        try {
            process = start(dir, env, args);
            process.getOutputStream().close();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            // a deadline against a hung child, not a timing assertion
            assertThat(process.waitFor(180, TimeUnit.SECONDS))
                    .as("mlflowlite %s finished", List.of(args))
                    .isTrue();
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            SLOTS.release();
            if (batch) {
                BATCH_SLOTS.release();
            }
        }
    }

    /** {@link #run(Path, String...)} of each command line, side by side; the results in the order given. */
    static List<Result> runAll(Path dir, List<String[]> commands) {
        return inParallel(commands, args -> run(dir, args));
    }

    /** {@code task} of each item, side by side on virtual threads; the results in the order given. */
    static <T> List<Result> inParallel(List<T> items, Function<T, Result> task) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Result>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    IN_BATCH.set(true);
                    return task.apply(item);
                }));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error; // an assertion of the task
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the jar and leaves the process to the caller (for {@code serve}). */
    static Process start(Path dir, Map<String, String> env, String... args) {
        return start(dir, env, Jvm.OPTIONS, args);
    }

    /** Initialized by the first process started, after this class (whose lambdas the archive's run uses). */
    private static final class Jvm {
        static final List<String> OPTIONS = jvmOptions();
    }

    private static Process start(Path dir, Map<String, String> env, List<String> jvmOptions, String... args) {
        assertThat(JAR)
                .as("the runnable jar is built in the package phase, before these tests")
                .exists();
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> environment = builder.environment();
        environment
                .keySet()
                .removeIf(name -> name.startsWith("MLFLOWLITE_")
                        || name.startsWith("MLFLOW_")
                        || name.endsWith("_API_KEY")
                        || name.endsWith("_BASE_URL")
                        || name.startsWith("OTEL_"));
        environment.put("MLFLOWLITE_MOCK_MODELS", INSTANT_MOCKS.toString());
        environment.putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A simulated-models file giving each bundled model latency scale 0 (the same answers, tokens and costs). */
    private static Path instantMocks() {
        try (InputStream in = MockModels.class.getResourceAsStream("/io/mlflowlite/provider/mock/models.json")) {
            ObjectNode models = Json.object();
            Json.MAPPER
                    .readTree(in)
                    .path("models")
                    .fieldNames()
                    .forEachRemaining(name -> models.putObject(name).put("latency_scale", 0));
            ObjectNode file = Json.object();
            file.set("models", models);
            Path path = Files.createTempFile("mlflowlite-instant-mocks", ".json");
            path.toFile().deleteOnExit();
            return Files.writeString(path, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link ChildMain#QUICK_JVM} and, when the JVM could write one, a dynamic class-data archive (AppCDS) of the
     * classes that one {@code eval run} loads (picocli, the commands, the store, Flyway, SQLite, eval): written once
     * by that run, then mapped by every process, which so loads and verifies a good part of its classes no more
     * (about a quarter less CPU for each command). {@code -Xlog:cds*=off}: a JVM that cannot use the archive runs
     * without it, silently, rather than print about it on stdout.
     */
    private static List<String> jvmOptions() {
        try {
            Path folder = Files.createTempDirectory("mlflowlite-cds");
            Path archive = folder.resolve("mlflowlite.jsa");
            Path rows = write(
                    folder,
                    "rows.jsonl",
                    "{\"inputs\": {\"q\": \"1\"}, \"outputs\": \"yes\", \"expectations\": {\"expected_response\": \"yes\"}}\n");
            folder.toFile().deleteOnExit();
            for (String name : List.of(
                    "rows.jsonl", "mlflowlite.jsa", "mlflowlite.db", "mlflowlite.db-wal", "mlflowlite.db-shm")) {
                folder.resolve(name).toFile().deleteOnExit();
            }
            List<String> dump = new ArrayList<>(ChildMain.QUICK_JVM);
            dump.add("-XX:ArchiveClassesAtExit=" + archive);
            Process p = start(
                    folder,
                    Map.of(),
                    dump,
                    "eval",
                    "run",
                    "--data",
                    rows.toString(),
                    "--scorers",
                    "exact_match",
                    "--no-progress");
            p.getOutputStream().close();
            CompletableFuture<String> out = read(p.getInputStream());
            CompletableFuture<String> err = read(p.getErrorStream());
            boolean done = p.waitFor(180, TimeUnit.SECONDS);
            p.destroyForcibly();
            out.join();
            err.join();
            if (done && p.exitValue() == 0 && Files.isRegularFile(archive) && Files.size(archive) > 0) {
                List<String> options = new ArrayList<>(ChildMain.QUICK_JVM);
                options.add("-XX:SharedArchiveFile=" + archive);
                options.add("-Xlog:cds*=off");
                return List.copyOf(options);
            }
        } catch (IOException e) {
            // no archive: slower, the same
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ChildMain.QUICK_JVM;
    }

    static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (stream) {
                        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        return "(unreadable: " + e + ")";
                    }
                },
                command -> Thread.ofVirtual().start(command));
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
