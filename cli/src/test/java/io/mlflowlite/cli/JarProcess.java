package io.mlflowlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;

/**
 * Runs the real runnable jar ({@code cli/target/mlflowlite.jar}, built in the package phase) as a child process, the
 * way a user's shell does: its own JVM, its own stdout and stderr, its exit code. No provider keys or mlflowlite
 * settings leak in from the machine running the build.
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

    private JarProcess() {}

    static Result run(Path dir, String... args) {
        return run(dir, Map.of(), args);
    }

    static Result run(Path dir, Map<String, String> env, String... args) {
        Process process = start(dir, env, args);
        try {
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
            process.destroyForcibly();
        }
    }

    /** Starts the jar and leaves the process to the caller (for {@code serve}). */
    static Process start(Path dir, Map<String, String> env, String... args) {
        assertThat(JAR)
                .as("the runnable jar is built in the package phase, before these tests")
                .exists();
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
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
        environment.putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
