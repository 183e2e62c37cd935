package io.mlflowlite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine a report came from: CPUs, CPU model, memory, kernel, JDK, and the load average before and after
 * (other work on a shared machine shows there).
 *
 * @param cpus        processors available to the JVM
 * @param cpuModel    {@code model name} of {@code /proc/cpuinfo}
 * @param memoryKiB   {@code MemTotal} of {@code /proc/meminfo}
 * @param kernel      {@code os.name} and kernel release
 * @param jdk         vendor and runtime version of the JDK running the bench and its processes
 * @param loadBefore  {@code /proc/loadavg}'s 1, 5 and 15 minute averages at the start
 * @param loadAfter   the same at the end, or null
 */
record Machine(
        int cpus, String cpuModel, long memoryKiB, String kernel, String jdk, String loadBefore, String loadAfter) {

    static Machine describe() {
        String model = line("/proc/cpuinfo", "model name")
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .orElse(System.getProperty("os.arch"));
        long memory = line("/proc/meminfo", "MemTotal:")
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .orElse(-1L);
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version");
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
        return new Machine(Runtime.getRuntime().availableProcessors(), model, memory, kernel, jdk, load(), null);
    }

    Machine withLoadAtEnd() {
        return new Machine(cpus, cpuModel, memoryKiB, kernel, jdk, loadBefore, load());
    }

    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Optional<String> line(String file, String prefix) {
        try (var lines = Files.lines(Path.of(file))) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
