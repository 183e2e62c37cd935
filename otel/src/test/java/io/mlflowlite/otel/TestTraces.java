package io.mlflowlite.otel;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanEvent;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Traces built by hand the way the gateway records a chat call: a CHAT_MODEL root over two LLM attempts. */
final class TestTraces {
    static final long START = 1_750_000_000_000_000_000L;
    static final String ROOT_ID = "00f067aa0ba902b7";
    static final String FAILED_ATTEMPT_ID = "1111111111111111";
    static final String GOOD_ATTEMPT_ID = "2222222222222222";

    private TestTraces() {}

    static String hex(int n) {
        return String.format("4bf92f3577b34da6a3ce929d%08x", n);
    }

    /** The first attempt is rate limited (an exception event), the second answers. */
    static Trace chat(String traceHex) {
        String traceId = "tr-" + traceHex;
        JsonNode inputs =
                Json.read("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}");
        JsonNode outputs = Json.read("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"4\"}}]}");
        Map<String, Object> rootAttributes = new LinkedHashMap<>();
        rootAttributes.put("mlflow.spanType", "CHAT_MODEL");
        rootAttributes.put("mlflow.llm.model", "gpt-4o");
        rootAttributes.put(
                "mlflow.chat.tokenUsage", Json.read("{\"input_tokens\":12,\"output_tokens\":3,\"total_tokens\":15}"));
        rootAttributes.put(
                "mlflow.llm.cost",
                Json.read("{\"input_cost\":0.00003,\"output_cost\":0.00003,\"total_cost\":0.00006}"));
        rootAttributes.put("gen_ai.request.model", "gpt-4o");
        rootAttributes.put("gen_ai.usage.input_tokens", 12L);
        rootAttributes.put("gen_ai.usage.output_tokens", 3L);
        rootAttributes.put("gen_ai.response.finish_reasons", Json.read("[\"stop\"]"));
        Span root = Span.builder()
                .traceId(traceId)
                .spanId(ROOT_ID)
                .parentId(null)
                .name("chat gpt-4o")
                .type(SpanType.CHAT_MODEL)
                .startNanos(START)
                .endNanos(START + 900_000_000L)
                .status(SpanStatus.OK)
                .statusMessage(null)
                .inputs(inputs)
                .outputs(outputs)
                .attributes(rootAttributes)
                .events(List.of())
                .build();

        SpanEvent rateLimited = new SpanEvent(
                "exception",
                START + 100_000_000L,
                Map.of(
                        "exception.type", "io.mlflowlite.error.RateLimitedException",
                        "exception.message", "429 from openai: slow down"));
        Span failed = Span.builder()
                .traceId(traceId)
                .spanId(FAILED_ATTEMPT_ID)
                .parentId(ROOT_ID)
                .name("attempt 1 openai/gpt-4o")
                .type(SpanType.LLM)
                .startNanos(START + 1_000_000L)
                .endNanos(START + 100_000_000L)
                .status(SpanStatus.ERROR)
                .statusMessage("429 from openai: slow down")
                .inputs(inputs)
                .outputs(null)
                .attributes(Map.of("gen_ai.request.model", "gpt-4o", "mlflow.llm.model", "gpt-4o"))
                .events(List.of(rateLimited))
                .build();

        Map<String, Object> goodAttributes = new LinkedHashMap<>();
        goodAttributes.put(
                "mlflow.chat.tokenUsage", Json.read("{\"input_tokens\":12,\"output_tokens\":3,\"total_tokens\":15}"));
        goodAttributes.put("gen_ai.usage.input_tokens", 12L);
        goodAttributes.put("gen_ai.usage.output_tokens", 3L);
        goodAttributes.put("gen_ai.request.temperature", 0.2);
        Span good = Span.builder()
                .traceId(traceId)
                .spanId(GOOD_ATTEMPT_ID)
                .parentId(ROOT_ID)
                .name("attempt 2 openai/gpt-4o")
                .type(SpanType.LLM)
                .startNanos(START + 600_000_000L)
                .endNanos(START + 890_000_000L)
                .status(SpanStatus.OK)
                .statusMessage(null)
                .inputs(inputs)
                .outputs(outputs)
                .attributes(goodAttributes)
                .events(List.of())
                .build();

        TraceInfo info = TraceInfo.builder()
                .traceId(traceId)
                .experiment("llm_workspace")
                .startTime(Instant.ofEpochSecond(0, START))
                .duration(Duration.ofMillis(900))
                .state(TraceState.OK)
                .requestPreview("What is 2+2?")
                .responsePreview("4")
                .model("gpt-4o")
                .inputTokens(12)
                .outputTokens(3)
                .cost(new BigDecimal("0.00006"))
                .user("alice")
                .session("session-7")
                .tags(Map.of("team", "search"))
                .metadata(Map.of())
                .build();
        return new Trace(info, List.of(root, failed, good));
    }

    static List<Trace> chats(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n)
                .mapToObj(i -> chat(hex(i)))
                .toList();
    }
}
