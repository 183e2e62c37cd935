package io.mlflowlite.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanEvent;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceJson;
import io.mlflowlite.tracing.TraceState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Realistic traces for store tests: a CHAT_MODEL root span over one LLM span per attempt (the failed ones with
 * an exception event), attributes with both mlflow.* and gen_ai.* keys of every value type, OpenAI-shaped
 * inputs and outputs. Start with {@link #chat()}, change what a test is about, {@link Builder#build()}.
 */
final class Traces {
    /** 2025-06-01T12:00:00.123456789Z: nanosecond digits show that times round-trip exactly. */
    static final Instant T0 = Instant.parse("2025-06-01T12:00:00.123456789Z");

    private Traces() {}

    static Builder chat() {
        return new Builder();
    }

    static String traceId() {
        return "tr-" + hex(16);
    }

    static String spanId() {
        return hex(8);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Builds one trace; every field has a realistic default. */
    static final class Builder {
        private String id = traceId();
        private String experiment = "llm_workspace";
        private Instant start = T0;
        private Duration duration = Duration.ofMillis(840);
        private TraceState state = TraceState.OK;
        private String model = "gpt-4o-mini";
        private String question = "What is the capital of France?";
        private String answer = "Paris.";
        private long inputTokens = 14;
        private long outputTokens = 3;
        private BigDecimal cost = new BigDecimal("0.0000039");
        private String user = "user-42";
        private String session = "session-7";
        private final Map<String, String> tags = new LinkedHashMap<>(Map.of("env", "test"));
        private int failedAttempts;
        private String endpoint;

        Builder id(String id) {
            this.id = id;
            return this;
        }

        Builder experiment(String experiment) {
            this.experiment = experiment;
            return this;
        }

        Builder start(Instant start) {
            this.start = start;
            return this;
        }

        Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        Builder state(TraceState state) {
            this.state = state;
            return this;
        }

        Builder model(String model) {
            this.model = model;
            return this;
        }

        Builder question(String question) {
            this.question = question;
            return this;
        }

        Builder answer(String answer) {
            this.answer = answer;
            return this;
        }

        Builder tokens(long input, long output) {
            this.inputTokens = input;
            this.outputTokens = output;
            return this;
        }

        Builder cost(String dollars) {
            this.cost = new BigDecimal(dollars);
            return this;
        }

        Builder user(String user) {
            this.user = user;
            return this;
        }

        Builder session(String session) {
            this.session = session;
            return this;
        }

        Builder tag(String key, String value) {
            this.tags.put(key, value);
            return this;
        }

        /** The gateway endpoint that served the call (the root span's {@code mlflowlite.endpoint}). */
        Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        Builder noTags() {
            this.tags.clear();
            return this;
        }
        /** Attempts that failed (429) before the one that answered: one more LLM child span each. */
        Builder failedAttempts(int failedAttempts) {
            this.failedAttempts = failedAttempts;
            return this;
        }

        Trace build() {
            long startNanos = TraceJson.epochNanos(start);
            long endNanos = startNanos + duration.toNanos();
            String rootId = spanId();
            List<Span> spans = new ArrayList<>();
            spans.add(Span.builder()
                    .traceId(id)
                    .spanId(rootId)
                    .parentId(null)
                    .name("chat " + model)
                    .type(SpanType.CHAT_MODEL)
                    .startNanos(startNanos)
                    .endNanos(endNanos)
                    .status(state == TraceState.ERROR ? SpanStatus.ERROR : SpanStatus.OK)
                    .statusMessage(state == TraceState.ERROR ? "upstream returned 500" : null)
                    .inputs(request())
                    .outputs(response())
                    .attributes(rootAttributes())
                    .events(List.of())
                    .build());
            long attemptStart = startNanos + 1_000;
            long slice = Math.max(1, (endNanos - attemptStart) / (failedAttempts + 1));
            for (int i = 0; i < failedAttempts; i++) {
                long s = attemptStart + i * slice;
                spans.add(Span.builder()
                        .traceId(id)
                        .spanId(spanId())
                        .parentId(rootId)
                        .name("attempt " + (i + 1))
                        .type(SpanType.LLM)
                        .startNanos(s)
                        .endNanos(s + slice - 1)
                        .status(SpanStatus.ERROR)
                        .statusMessage("429 Too Many Requests")
                        .inputs(request())
                        .outputs(null)
                        .attributes(Map.of("gen_ai.system", "openai", "mlflowlite.attempt", (long) i + 1))
                        .events(List.of(new SpanEvent(
                                "exception",
                                s + slice - 2,
                                Map.of(
                                        "exception.type",
                                        "RateLimitedException",
                                        "exception.message",
                                        "429 Too Many Requests",
                                        "http.retry_after_ms",
                                        250L))))
                        .build());
            }
            long last = attemptStart + failedAttempts * slice;
            spans.add(Span.builder()
                    .traceId(id)
                    .spanId(spanId())
                    .parentId(rootId)
                    .name("attempt " + (failedAttempts + 1))
                    .type(SpanType.LLM)
                    .startNanos(last)
                    .endNanos(endNanos - 1)
                    .status(SpanStatus.OK)
                    .statusMessage(null)
                    .inputs(request())
                    .outputs(response())
                    .attributes(rootAttributes())
                    .events(List.of())
                    .build());
            Map<String, String> metadata = Map.of(
                    "mlflow.trace.tokenUsage",
                    "{\"input_tokens\":" + inputTokens + ",\"output_tokens\":" + outputTokens + ",\"total_tokens\":"
                            + (inputTokens + outputTokens) + "}",
                    "mlflow.trace.cost",
                    cost.toPlainString(),
                    "mlflow.trace.user",
                    user == null ? "" : user);
            TraceInfo info = TraceInfo.builder()
                    .traceId(id)
                    .experiment(experiment)
                    .startTime(start)
                    .duration(duration)
                    .state(state)
                    .requestPreview(question)
                    .responsePreview(answer)
                    .model(model)
                    .inputTokens(inputTokens)
                    .outputTokens(outputTokens)
                    .cost(cost)
                    .user(user)
                    .session(session)
                    .tags(tags)
                    .metadata(metadata)
                    .build();
            return new Trace(info, spans);
        }

        private JsonNode request() {
            ObjectNode request = Json.object();
            request.put("model", model);
            request.putArray("messages").addObject().put("role", "user").put("content", question);
            request.put("max_tokens", 256);
            return asParsed(request);
        }

        private JsonNode response() {
            ObjectNode response = Json.object();
            response.put("id", "chatcmpl-" + hex(6));
            response.putArray("choices")
                    .addObject()
                    .put("finish_reason", "stop")
                    .putObject("message")
                    .put("role", "assistant")
                    .put("content", answer);
            response.putObject("usage").put("prompt_tokens", inputTokens).put("completion_tokens", outputTokens);
            return asParsed(response);
        }

        private Map<String, Object> rootAttributes() {
            ObjectNode usage = Json.object();
            usage.put("input_tokens", inputTokens)
                    .put("output_tokens", outputTokens)
                    .put("total_tokens", inputTokens + outputTokens);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("mlflow.spanType", "CHAT_MODEL");
            a.put("mlflow.llm.model", model);
            a.put("mlflow.chat.tokenUsage", asParsed(usage));
            a.put("mlflow.llm.cost", cost.toPlainString());
            a.put("gen_ai.system", "openai");
            a.put("gen_ai.request.model", model);
            a.put("gen_ai.request.temperature", 0.25d);
            if (endpoint != null) {
                a.put("mlflowlite.endpoint", endpoint);
            }
            a.put("gen_ai.usage.input_tokens", inputTokens);
            a.put("gen_ai.usage.output_tokens", outputTokens);
            a.put("mlflowlite.stream", false);
            return a;
        }

        /**
         * The tree as a store gives it back: parsed from text, so 14 is an int node whatever type built it
         * (Jackson's number nodes are equal only to their own type).
         */
        private static JsonNode asParsed(JsonNode node) {
            return Json.read(node.toString());
        }
    }
}
