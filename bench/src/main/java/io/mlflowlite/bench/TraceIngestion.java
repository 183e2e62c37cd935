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

    static Trace trace(int i) {
        String traceId = String.format("tr-%032x", i + 1L);
        long start = Instant.now().toEpochMilli() * 1_000_000L + i;
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
                        .endNanos(start + 900_000_000L)
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
                        .endNanos(start + 300_000_000L)
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
                        .startNanos(start + 400_000_000L)
                        .endNanos(start + 900_000_000L)
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
                .duration(Duration.ofMillis(900))
                .state(TraceState.OK)
                .requestPreview("Summarize the attached contract clause")
                .responsePreview("The clause limits liability")
                .model("gpt-4o")
                .inputTokens(812)
                .outputTokens(96)
                .cost(new BigDecimal("0.00299"))
                .user("user-" + (i % 100))
                .session(null)
                .tags(Map.of("suite", "bench"))
                .metadata(Map.of())
                .build();
        return new Trace(info, spans);
    }
}
