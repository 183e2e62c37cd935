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
    private ChildMain() {}

    /** Starts {@code mlflowlite ARGS} in {@code dir} with the test JVM's environment plus {@code env}. */
    static Process start(Path dir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }
}
