package io.mlflowlite.bench;

import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceState;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import io.mlflowlite.ui.UiServer;
import io.mlflowlite.webui.WebUiContext;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run ui [traces] [requests]}: the web UI's pages over a SQLite store of 100,000 traces (spread over
 * the last 24 hours: five models, four endpoints, 3 % errors, A/B tags, judge calls), each page fetched over HTTP
 * from {@code mlflowlite ui}'s server; prints p50/p95/max of the whole request (query + render + transfer) per
 * page kind. The store is written first through {@link TraceStore#write} in batches.
 */
final class UiBench {
    private static final String[] MODELS = {
        "gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash", "mock/mini"
    };
    private static final String[] ENDPOINTS = {"support", "search", "summarize", "agent"};
    private static final Pattern NEXT = Pattern.compile("href=\"(/ui/traces\\?[^\"]*page=[^\"]*)\" id=\"next-page\"");
    private static final Pattern TRACE = Pattern.compile("href=\"/ui/traces/(tr-[0-9a-f]+)\"");

    private UiBench() {}

    static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Path dir = Files.createTempDirectory("mlflowlite-ui-bench");
        String url = "jdbc:sqlite:" + dir.resolve("ui-bench.db");
        Instant now = Instant.now();
        long started = System.nanoTime();
        try (TraceStore store = TraceStores.open(url)) {
            List<Trace> batch = new ArrayList<>(1000);
            Random random = new Random(7);
            for (int i = 0; i < count; i++) {
                batch.add(trace(i, count, now, random));
                if (batch.size() == 1000) {
                    store.write(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                store.write(batch);
            }
        }
        System.out.printf(
                Locale.ROOT, "wrote %,d traces (3 spans each) in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
        try (UiServer server =
                UiServer.start("127.0.0.1", 0, new WebUiContext(Optional.empty(), url, null, null, false))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newHttpClient();
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("trace list, newest first", "/ui/traces");
            pages.put("filter: model", "/ui/traces?model=gpt-4o");
            pages.put("filter: endpoint", "/ui/traces?endpoint=summarize");
            pages.put("filter: status ERROR", "/ui/traces?status=ERROR");
            pages.put("filter: experiment + variant", "/ui/traces?experiment=checkout-copy&variant=candidate");
            pages.put("filter: min cost + min latency", "/ui/traces?min_cost=0.004&min_latency_ms=1500");
            pages.put("sort: most expensive", "/ui/traces?sort=cost_desc");
            pages.put("sort: slowest", "/ui/traces?sort=latency_desc");
            pages.put("search text (frequent word)", "/ui/traces?q=invoice");
            pages.put("search text (rare word)", "/ui/traces?q=clause+99917");
            pages.put("judge calls shown", "/ui/traces?judges=1");
            String body = get(http, base + "/ui/traces?sort=cost_desc").body();
            String deep = null;
            for (int p = 0; p < 20; p++) {
                Matcher m = NEXT.matcher(body);
                if (!m.find()) {
                    break;
                }
                deep = m.group(1).replace("&amp;", "&");
                body = get(http, base + deep).body();
            }
            if (deep != null) {
                pages.put("21st page, most expensive", deep);
            }
            Matcher t = TRACE.matcher(get(http, base + "/ui/traces").body());
            if (t.find()) {
                pages.put("one trace (span tree, messages)", "/ui/traces/" + t.group(1));
            }
            pages.put("overview, 1 h window", "/ui/?range=1h");
            pages.put("overview, 24 h window (all traces)", "/ui/?range=24h");

            System.out.printf(Locale.ROOT, "%-38s %9s %9s %9s %8s%n", "page", "p50 ms", "p95 ms", "max ms", "KiB");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                int n = page.getKey().startsWith("overview, 24") ? Math.max(10, requests / 3) : requests;
                for (int w = 0; w < 5; w++) {
                    get(http, base + page.getValue());
                }
                double[] ms = new double[n];
                int size = 0;
                for (int i = 0; i < n; i++) {
                    long s = System.nanoTime();
                    HttpResponse<String> r = get(http, base + page.getValue());
                    ms[i] = (System.nanoTime() - s) / 1e6;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(page.getValue() + " answered " + r.statusCode());
                    }
                    size = r.body().length();
                }
                Arrays.sort(ms);
                System.out.printf(
                        Locale.ROOT,
                        "%-38s %9.1f %9.1f %9.1f %8.0f%n",
                        page.getKey(),
                        ms[(int) Math.ceil(0.50 * n) - 1],
                        ms[(int) Math.ceil(0.95 * n) - 1],
                        ms[n - 1],
                        size / 1024.0);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Trace trace(int i, int count, Instant now, Random random) {
        String traceId = String.format("tr-%032x", i + 1L);
        // spread over the last 24 hours, newest last
        long start = now.minus(Duration.ofHours(24)).toEpochMilli() * 1_000_000L
                + (long) ((double) i / count * Duration.ofHours(24).toNanos() * 0.999);
        String model = MODELS[i % MODELS.length];
        String endpoint = ENDPOINTS[(i / 3) % ENDPOINTS.length];
        boolean error = random.nextDouble() < 0.03;
        long latencyMs = 150 + (long) (random.nextDouble() * random.nextDouble() * 3000);
        BigDecimal cost = BigDecimal.valueOf(50 + random.nextInt(6000), 7);
        String topic = i % 7 == 0 ? "invoice" : "contract clause " + i;
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("mlflow.spanType", "CHAT_MODEL");
        chat.put("gen_ai.request.model", model);
        chat.put("mlflowlite.endpoint", endpoint);
        chat.put("gen_ai.usage.input_tokens", 812L);
        chat.put("gen_ai.usage.output_tokens", 96L);
        var inputs = io.mlflowlite.json.Json.object().put("model", model);
        inputs.putArray("messages")
                .addObject()
                .put("role", "user")
                .put("content", "Summarize the " + topic + " in two sentences.");
        var outputs = io.mlflowlite.json.Json.object();
        outputs.putArray("choices")
                .addObject()
                .putObject("message")
                .put("role", "assistant")
                .put("content", "The " + topic + " limits liability to fees paid in the last twelve months.");
        String root = String.format("%016x", i * 3L + 1);
        long end = start + latencyMs * 1_000_000L;
        List<Span> spans = List.of(
                span(
                        traceId,
                        root,
                        null,
                        "chat " + endpoint,
                        SpanType.CHAT_MODEL,
                        start,
                        end,
                        error,
                        inputs,
                        outputs,
                        chat),
                span(
                        traceId,
                        String.format("%016x", i * 3L + 2),
                        root,
                        "attempt 1 " + model,
                        SpanType.LLM,
                        start,
                        start + (end - start) / 3,
                        true,
                        null,
                        null,
                        Map.of("mlflowlite.attempt.outcome", "FAILED")),
                span(
                        traceId,
                        String.format("%016x", i * 3L + 3),
                        root,
                        "attempt 2 " + model,
                        SpanType.LLM,
                        start + (end - start) / 2,
                        end,
                        error,
                        null,
                        null,
                        Map.of("mlflowlite.attempt.outcome", error ? "FAILED" : "SUCCESS")));
        Map<String, String> tags = new LinkedHashMap<>();
        if (i % 5 == 0) {
            tags.put("mlflowlite.experiment", "checkout-copy");
            tags.put("mlflowlite.variant", i % 10 == 0 ? "control" : "candidate");
        }
        if (i % 20 == 7) {
            tags.put("mlflowlite.eval.judge", "guidelines");
        }
        TraceInfo info = TraceInfo.builder()
                .traceId(traceId)
                .experiment("bench")
                .startTime(Instant.ofEpochSecond(0, start))
                .duration(Duration.ofMillis(latencyMs))
                .state(error ? TraceState.ERROR : TraceState.OK)
                .requestPreview("Summarize the " + topic + " in two sentences.")
                .responsePreview("The " + topic + " limits liability to fees paid in the last twelve months.")
                .model(model)
                .inputTokens(812)
                .outputTokens(96)
                .cost(cost)
                .user("user-" + (i % 100))
                .tags(tags)
                .metadata(Map.of())
                .build();
        return new Trace(info, spans);
    }

    private static Span span(
            String traceId,
            String id,
            String parent,
            String name,
            SpanType type,
            long start,
            long end,
            boolean error,
            com.fasterxml.jackson.databind.JsonNode inputs,
            com.fasterxml.jackson.databind.JsonNode outputs,
            Map<String, Object> attributes) {
        return Span.builder()
                .traceId(traceId)
                .spanId(id)
                .parentId(parent)
                .name(name)
                .type(type)
                .startNanos(start)
                .endNanos(end)
                .status(error ? SpanStatus.ERROR : SpanStatus.OK)
                .statusMessage(error ? "upstream returned 500" : null)
                .inputs(inputs)
                .outputs(outputs)
                .attributes(attributes)
                .events(List.of())
                .build();
    }
}
