package io.mlflowlite.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trace JSON is written as text without trees, and reads exactly as the trees' text does. */
class JsonTextTest {
    record Pair(String name, int count) {}

    private static final Map<String, Object> ATTRIBUTES = attributes();

    private static Map<String, Object> attributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("text", "quote \" backslash \\ newline \n tab \t nul \0 emoji 🚀 é");
        a.put("long", 9_007_199_254_740_993L);
        a.put("negative", -1L);
        a.put("int", 42);
        a.put("double", 0.2);
        a.put("tiny", 1.0E-12);
        a.put("nan", Double.NaN);
        a.put("true", true);
        a.put("false", false);
        a.put("decimal", new BigDecimal("0.000008400"));
        a.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        a.put("float", 1.5f);
        a.put("list", List.of("stop", "length"));
        a.put("map", Map.of("k", 1));
        a.put("record", new Pair("x", 2));
        JsonNode tree = Json.object()
                .put("input_cost", new BigDecimal("0.000003600"))
                .put("n", 3)
                .putNull("none");
        a.put("tree", tree);
        a.put("array", Json.array().add("a").add(1.25));
        return a;
    }

    @Test
    void attributesReadExactlyAsTheirTreeDid() throws Exception {
        assertThat(JsonText.attributes(ATTRIBUTES))
                .isEqualTo(Json.MAPPER.writeValueAsString(TraceJson.attributesJson(ATTRIBUTES)));
    }

    @Test
    void eventsReadExactlyAsTheirTreeDid() throws Exception {
        List<SpanEvent> events = List.of(
                new SpanEvent("first_token", 1_795_758_877_001_867_019L, Map.of()),
                new SpanEvent("exception", 7L, ATTRIBUTES));
        var tree = Json.array();
        for (SpanEvent event : events) {
            var e = tree.addObject();
            e.put("name", event.name());
            e.put("time_unix_nano", event.timeNanos());
            e.set("attributes", TraceJson.attributesJson(event.attributes()));
        }

        assertThat(JsonText.events(events)).isEqualTo(Json.MAPPER.writeValueAsString(tree));
        assertThat(JsonText.events(List.of())).isEqualTo(Json.MAPPER.writeValueAsString(Json.array()));
    }

    @Test
    void stringMapsAndTreesReadExactlyAsTheirTreeDid() throws Exception {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("mlflow.trace.cost", "{\"total_cost\":0.000008400}");
        metadata.put("mlflow.trace.user", "ü\"\n");
        JsonNode outputs = Json.read("{\"choices\":[{\"message\":{\"content\":\"Paris\"}}],\"x\":1.50,\"y\":null,"
                + "\"big\":123456789012345678901234567890,\"neg\":-7,\"long\":9007199254740993,\"t\":true,"
                + "\"nested\":[[],{},[1,[2,{\"a\":\"\\u0000\\n\"}]]],\"e\":1e-300}");
        var mixed = Json.object();
        mixed.put("float", 1.25f)
                .put("double", Double.NaN)
                .put("int", 3)
                .put("short", (short) 2)
                .put("bigInteger", new java.math.BigInteger("-98765432109876543210"))
                .put("bytes", new byte[] {1, 2, 3})
                .putPOJO("pojo", new Pair("p", 1))
                .putObject("empty");

        assertThat(JsonText.strings(metadata)).isEqualTo(Json.MAPPER.writeValueAsString(Json.tree(metadata)));
        assertThat(JsonText.node(outputs)).isEqualTo(Json.MAPPER.writeValueAsString(outputs));
        assertThat(JsonText.node(mixed)).isEqualTo(Json.MAPPER.writeValueAsString(mixed));
    }

    @Test
    void aTraceReadsExactlyAsItsTreeDoesWhetherItsSpansHoldTreesOrText() throws Exception {
        Span root = Span.builder()
                .traceId("tr-0123456789abcdef0123456789abcdef")
                .spanId("0123456789abcdef")
                .name("chat \"quoted\" \0 name")
                .type(SpanType.CHAT_MODEL)
                .startNanos(1_795_758_877_000_000_000L)
                .endNanos(1_795_758_877_900_000_000L)
                .status(SpanStatus.ERROR)
                .statusMessage("boom\n")
                .inputs(Json.read("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0.70}"))
                .outputs(Json.object().put("x", 1.25).put("t", 0.7).putNull("y"))
                .attributes(ATTRIBUTES)
                .events(List.of(new SpanEvent("exception", 7L, ATTRIBUTES)))
                .build();
        Span child = Span.builder()
                .traceId(root.traceId())
                .spanId("fedcba9876543210")
                .parentId(root.spanId())
                .name("attempt 1")
                .type(SpanType.LLM)
                .status(SpanStatus.OK)
                .build();
        Trace trace = new Trace(
                TraceInfo.builder()
                        .traceId(root.traceId())
                        .startTime(java.time.Instant.ofEpochSecond(1_795_758_877L))
                        .duration(java.time.Duration.ofMillis(900))
                        .state(TraceState.ERROR)
                        .cost(BigDecimal.ZERO)
                        .tags(Map.of("k", "v"))
                        .metadata(Map.of("mlflow.trace_schema.version", "3"))
                        .build(),
                List.of(root, child));
        Trace text = new Trace(trace.info(), List.of(root.withTextContent(), child.withTextContent()));
        String tree = Json.MAPPER.writeValueAsString(TraceJson.toJson(trace));

        assertThat(TraceJson.toText(trace)).isEqualTo(tree);
        assertThat(TraceJson.toText(text)).isEqualTo(tree);
        assertThat(text.spans().getFirst().inputsJson()).isEqualTo(root.inputs().toString());
        assertThat(text.spans().getFirst().inputs())
                .isEqualTo(Json.read(root.inputs().toString()));
        assertThat(text.spans().getFirst().outputs())
                .isEqualTo(Json.read(root.outputs().toString()));
        assertThat(text.spans().get(1)).isEqualTo(child);
        assertThat(text.spans().get(1).inputsJson()).isNull();
    }

    @Test
    void aValueJacksonCannotWriteIsAnIllegalArgument() {
        Map<String, Object> bad = Map.of("thread", new Object());

        assertThatThrownBy(() -> JsonText.attributes(bad)).isInstanceOf(IllegalArgumentException.class);
    }
}
