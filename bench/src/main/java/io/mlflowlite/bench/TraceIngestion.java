package io.mlflowlite.bench;

import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceState;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.tracing.TraceWriter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trace ingestion throughput: realistic traces (a chat span with inputs, outputs and GenAI attributes, plus two
 * attempt spans) pushed through the production {@link TraceWriter} into each store; reports traces/s and
 * spans/s from first accept to last commit.
 */
final class TraceIngestion {
    private static final int SPANS_PER_TRACE = 3;

    private TraceIngestion() {}

    static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("calls")) {
            TraceCost.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("store")) {
            storeCost(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int traces = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        List<String> urls = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            urls.add(args[i]); // explicit store URLs instead of the default pair
        }
        Path dir = Files.createTempDirectory("mlflowlite-ingest");
        if (!urls.isEmpty()) {
            for (String url : urls) {
                run(url, traces, dir);
            }
            return;
        }
        // default: a SQLite file, then a real PostgreSQL started here (embedded binaries from Maven Central)
        run("jdbc:sqlite:" + dir.resolve("ingest.db"), traces, dir);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            run(pg.getJdbcUrl("postgres", "postgres"), traces, dir);
        }
    }

    static void run(String url, int count, Path dir) {
        List<Trace> traces = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            traces.add(trace(i));
        }
        try (TraceStore store = TraceStores.open(url)) {
            TraceWriter writer = new TraceWriter(
                    store, dir.resolve("spill-" + Math.abs(url.hashCode())), TraceWriter.Options.DEFAULT);
            long start = System.nanoTime();
            for (Trace trace : traces) {
                writer.accept(trace);
            }
            long accepted = System.nanoTime();
            writer.flush(Duration.ofMinutes(10));
            long done = System.nanoTime();
            writer.close();
            double seconds = (done - start) / 1e9;
            System.out.printf(
                    "%s: %d traces (%d spans) in %.2f s = %.0f traces/s, %.0f spans/s; "
                            + "accept() took %.2f µs per trace on the caller; %s%n",
                    store.describe(),
                    count,
                    count * SPANS_PER_TRACE,
                    seconds,
                    count / seconds,
                    count * SPANS_PER_TRACE / seconds,
                    (accepted - start) / 1e3 / count,
                    writer.stats());
        }
    }

    /**
     * {@code ingestion store [traces] [batch] [url]}: what the store itself costs per trace as it grows, the
     * trace writer's part of recording a call. One thread writes {@code traces} (100,000) in batches of
     * {@code batch} (500) straight into {@code TraceStore.write}, as the writer thread does, into a new SQLite file
     * (or {@code url}); for each tenth of the run it prints the thread's CPU time and the bytes the process wrote
     * (the WAL and the checkpoints, from {@code /proc/self/io}) per trace, by how many traces the store holds.
     */
    static void storeCost(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path dir = Files.createTempDirectory("mlflowlite-ingest");
        String url = args.length > 2 ? args[2] : "jdbc:sqlite:" + dir.resolve("ingest.db");
        Machine machine = Machine.describe();
        System.out.printf(
                "machine: %d CPUs (%s), %s; %d traces in batches of %d into %s; load average at start %s%n",
                machine.cpus(), machine.cpuModel(), machine.jdk(), count, batch, url, machine.loadBefore());
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int tenth = Math.max(batch, count / 10 / batch * batch);
        System.out.println("| traces stored | CPU µs/trace | KB written/trace | allocated KB/trace |");
        System.out.println("| ---: | ---: | ---: | ---: |");
        try (TraceStore store = TraceStores.open(url)) {
            long cpu = 0;
            long allocated = 0;
            long written = bytesWritten();
            for (int done = 0; done < count; ) {
                List<Trace> traces = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    traces.add(trace(done + i));
                }
                // only the store's own work counts, not building the traces
                long cpuBefore = threads.getCurrentThreadCpuTime();
                long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                store.write(traces);
                cpu += threads.getCurrentThreadCpuTime() - cpuBefore;
                allocated += threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
                done += batch;
                if (done % tenth == 0 || done >= count) {
                    int sinceLastRow = done % tenth == 0 ? tenth : done % tenth;
                    long nowWritten = bytesWritten();
                    System.out.printf(
                            "| %,d | %.1f | %.1f | %.1f |%n",
                            done,
                            cpu / 1e3 / sinceLastRow,
                            (nowWritten - written) / 1024.0 / sinceLastRow,
                            allocated / 1024.0 / sinceLastRow);
                    cpu = 0;
                    allocated = 0;
                    written = nowWritten;
                }
            }
        }
        System.out.printf("load average at end %s%n", machine.withLoadAtEnd().loadAfter());
    }

    /** Bytes this process has written (to files and sockets), from {@code /proc/self/io}; 0 where there is none. */
    private static long bytesWritten() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring("wchar:".length()).strip());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: the column shows 0
        }
        return 0;
    }

    static Trace trace(int i) {
        String traceId = String.format("tr-%032x", i + 1L);
        long start = Instant.now().toEpochMilli() * 1_000_000L + i;
        // latency and cost differ from call to call, as they do in production: each trace lands at its own place
        // in the store's latency and cost indexes
        long mix = (i + 1L) * 0x9E3779B97F4A7C15L;
        long durationNanos = 200_000_000L + Math.floorMod(mix, 1_800_000_000L);
        BigDecimal cost = BigDecimal.valueOf(1_000 + Math.floorMod(mix >>> 17, 99_000L), 7);
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("mlflow.spanType", "CHAT_MODEL");
        chat.put("gen_ai.request.model", "gpt-4o");
        chat.put("gen_ai.system", "openai");
        chat.put("gen_ai.usage.input_tokens", 812L);
        chat.put("gen_ai.usage.output_tokens", 96L);
        var inputs = io.mlflowlite.json.Json.object().put("model", "gpt-4o");
        inputs.putArray("messages")
                .addObject()
                .put("role", "user")
                .put("content", "Summarize the attached contract clause " + i + " in two sentences.");
        var outputs = io.mlflowlite.json.Json.object();
        outputs.putArray("choices")
                .addObject()
                .putObject("message")
                .put("role", "assistant")
                .put("content", "The clause limits liability to fees paid in the last twelve months.");
        String root = String.format("%016x", i * 3L + 1);
        List<Span> spans = List.of(
                Span.builder()
                        .traceId(traceId)
                        .spanId(root)
                        .parentId(null)
                        .name("chat gpt-4o")
                        .type(SpanType.CHAT_MODEL)
                        .startNanos(start)
                        .endNanos(start + durationNanos)
                        .status(SpanStatus.OK)
                        .statusMessage(null)
                        .inputs(inputs)
                        .outputs(outputs)
                        .attributes(chat)
                        .events(List.of())
                        .build(),
                Span.builder()
                        .traceId(traceId)
                        .spanId(String.format("%016x", i * 3L + 2))
                        .parentId(root)
                        .name("attempt 1 gpt-4o")
                        .type(SpanType.LLM)
                        .startNanos(start)
                        .endNanos(start + durationNanos / 4)
                        .status(SpanStatus.ERROR)
                        .statusMessage("openai returned HTTP 429")
                        .inputs(null)
                        .outputs(null)
                        .attributes(Map.of("http.response.status_code", 429L))
                        .events(List.of())
                        .build(),
                Span.builder()
                        .traceId(traceId)
                        .spanId(String.format("%016x", i * 3L + 3))
                        .parentId(root)
                        .name("attempt 2 gpt-4o")
                        .type(SpanType.LLM)
                        .startNanos(start + durationNanos / 3)
                        .endNanos(start + durationNanos)
                        .status(SpanStatus.OK)
                        .statusMessage(null)
                        .inputs(null)
                        .outputs(null)
                        .attributes(Map.of())
                        .events(List.of())
                        .build());
        TraceInfo info = TraceInfo.builder()
                .traceId(traceId)
                .experiment("bench")
                .startTime(Instant.ofEpochSecond(0, start))
                .duration(Duration.ofNanos(durationNanos))
                .state(TraceState.OK)
                .requestPreview("Summarize the attached contract clause")
                .responsePreview("The clause limits liability")
                .model("gpt-4o")
                .inputTokens(812)
                .outputTokens(96)
                .cost(cost)
                .user("user-" + (i % 100))
                .session(null)
                .tags(Map.of("suite", "bench"))
                .metadata(Map.of())
                .build();
        return new Trace(info, spans);
    }
}
