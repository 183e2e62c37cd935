package io.mlflowlite.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CLI's {@link Main} in a child JVM on the test classpath, the way a user's shell runs a command: its own
 * process, stdout and stderr merged, stdin closed. Needs no jar, so surefire tests can use it (the jar exists only
 * after the package phase).
 */
final class ChildMain {
    /**
     * JVM options that make a short-lived child JVM start and finish sooner (the C1 compiler only, the serial
     * collector) without changing what the program does; for tests of what a command prints and does, not of how the
     * JVM runs it.
     */
    static final List<String> QUICK_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private ChildMain() {}

    /** Starts {@code mlflowlite ARGS} in {@code dir} with the test JVM's environment plus {@code env}. */
    static Process start(Path dir, Map<String, String> env, String... args) throws IOException {
        return start(dir, env, List.of(), args);
    }

    /** {@link #start(Path, Map, String...)} in a JVM started with {@code jvmOptions} (e.g. {@link #QUICK_JVM}). */
    static Process start(Path dir, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        Process process =
                builder(dir, env, jvmOptions, args).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return process;
    }

    /**
     * The process {@link #start(Path, Map, List, String...)} starts, not started yet: for a test that wants stdout and
     * stderr apart (set its redirects; stdin is the builder's default, a pipe the caller closes).
     */
    static ProcessBuilder builder(Path dir, Map<String, String> env, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        return builder;
    }
}
