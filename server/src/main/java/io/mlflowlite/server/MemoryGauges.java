package io.mlflowlite.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process's memory, read when {@code /metrics} is scraped (nothing on the request path): JVM heap and
 * non-heap, used and committed, under the names Prometheus' Java client uses, so existing dashboards and alerts
 * work; and the resident set size the operating system charges the process (a container's memory limit applies
 * to it, not to the heap). The RSS comes from {@code /proc/self/status} and is left out where there is none.
 */
final class MemoryGauges {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryGauges() {}

    static void write(PrometheusText text) {
        MemoryUsage heap = MEMORY.getHeapMemoryUsage();
        MemoryUsage nonHeap = MEMORY.getNonHeapMemoryUsage();
        text.gauges(
                "jvm_memory_used_bytes", "Used bytes of a JVM memory area.", areas(heap.getUsed(), nonHeap.getUsed()));
        text.gauges(
                "jvm_memory_committed_bytes",
                "Bytes the JVM has reserved from the system for a memory area.",
                areas(heap.getCommitted(), nonHeap.getCommitted()));
        long rss = residentBytes();
        if (rss >= 0) {
            text.gauge("process_resident_memory_bytes", "Resident set size of the process, in bytes.", rss);
        }
    }

    private static Map<String, Long> areas(long heap, long nonHeap) {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("area=\"heap\"", heap);
        values.put("area=\"nonheap\"", nonHeap);
        return values;
    }

    /** {@code VmRSS} of {@code /proc/self/status} in bytes, or -1 off Linux. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) { // "VmRSS:     123456 kB"
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or a kernel that words it differently: the gauge is simply absent
        }
        return -1;
    }
}
