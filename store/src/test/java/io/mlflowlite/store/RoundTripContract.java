package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanEvent;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TraceState;
import io.mlflowlite.tracing.TraceStoreException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Traces come back exactly as written, and writing a trace id again replaces it. */
interface RoundTripContract extends StoreAccess {

    @Test
    default void returnsEveryFieldOfEverySpanAsWritten() {
        Trace trace = Traces.chat()
                .failedAttempts(2)
                .tag("team", "search")
                .tag("variant", "b")
                .build();

        write(trace);

        Trace back = store().get(trace.traceId()).orElseThrow();
        assertThat(back.info()).isEqualTo(trace.info());
        assertThat(back.spans()).containsExactlyElementsOf(trace.spans());
        assertThat(back).isEqualTo(trace);
        assertThat(back.info().startTime()).isEqualTo(Traces.T0);
        assertThat(back.root().orElseThrow().type()).isEqualTo(SpanType.CHAT_MODEL);
        assertThat(back.children(back.root().orElseThrow().spanId()))
                .hasSize(3)
                .extracting(Span::status)
                .containsExactly(SpanStatus.ERROR, SpanStatus.ERROR, SpanStatus.OK);
    }

    @Test
    default void keepsAttributeValueTypesAndJsonTrees() {
        JsonNode nested = Json.read("{\"a\":[1,2,{\"b\":null}],\"text\":\"é ✓ \\u0000 end\"}");
        Trace base = Traces.chat().build();
        Span root = base.root().orElseThrow();
        Span typed = Span.builder()
                .traceId(base.traceId())
                .spanId(root.spanId())
                .parentId(null)
                .name(root.name())
                .type(SpanType.CHAT_MODEL)
                .startNanos(root.startNanos())
                .endNanos(root.endNanos())
                .status(SpanStatus.OK)
                .statusMessage(null)
                .inputs(nested)
                .outputs(Json.read("\"just a string\""))
                .attributes(Map.of("s", "text", "l", 9_007_199_254_740_993L, "d", 0.1d, "b", true, "j", nested))
                .events(List.of(
                        new SpanEvent("first_token", root.startNanos() + 5, Map.of("ttft_ms", 12L, "ok", false))))
                .build();
        Trace trace = new Trace(base.info(), List.of(typed));

        write(trace);

        Span back = store().get(trace.traceId()).orElseThrow().spans().getFirst();
        assertThat(back.attributes())
                .containsEntry("s", "text")
                .containsEntry("l", 9_007_199_254_740_993L)
                .containsEntry("d", 0.1d)
                .containsEntry("b", true)
                .containsEntry("j", nested);
        assertThat(back.attributes().get("l")).isInstanceOf(Long.class);
        assertThat(back.inputs()).isEqualTo(nested);
        assertThat(back.inputs().at("/text").asText()).isEqualTo("é ✓ \u0000 end");
        assertThat(back.outputs().asText()).isEqualTo("just a string");
        assertThat(back.events())
                .containsExactly(
                        new SpanEvent("first_token", root.startNanos() + 5, Map.of("ttft_ms", 12L, "ok", false)));
    }

    @Test
    default void keepsCostAsTheExactDecimalWritten() {
        Trace tiny = Traces.chat().cost("0.0000123").build();
        Trace precise = Traces.chat().cost("1234567.123456789012345678").build();
        Trace zero = Traces.chat().cost("0").build();

        write(tiny, precise, zero);

        assertThat(store().get(tiny.traceId()).orElseThrow().cost()).isEqualTo(new BigDecimal("0.0000123"));
        assertThat(store().get(precise.traceId()).orElseThrow().cost())
                .isEqualTo(new BigDecimal("1234567.123456789012345678"));
        assertThat(store().get(zero.traceId()).orElseThrow().cost()).isEqualTo(BigDecimal.ZERO);
    }

    @Test
    default void keepsNullsAndUnicodeInPlainColumns() {
        Trace trace = Traces.chat()
                .user(null)
                .session(null)
                .model(null)
                .noTags()
                .question("Grüße 👋 — naïve “quotes”")
                .answer(null)
                .build();

        write(trace);

        TraceInfo back = store().get(trace.traceId()).orElseThrow().info();
        assertThat(back.user()).isNull();
        assertThat(back.session()).isNull();
        assertThat(back.model()).isNull();
        assertThat(back.responsePreview()).isNull();
        assertThat(back.tags()).isEmpty();
        assertThat(back.requestPreview()).isEqualTo("Grüße 👋 — naïve “quotes”");
    }

    @Test
    default void storesANulCharacterInTextAsAReplacementCharacterOnEveryDatabase() {
        Trace trace = Traces.chat()
                .answer("before\u0000after")
                .tag("k\u0000", "v\u0000")
                .build();

        write(trace);

        TraceInfo back = store().get(trace.traceId()).orElseThrow().info();
        assertThat(back.responsePreview()).isEqualTo("before\uFFFDafter");
        assertThat(back.tags()).containsEntry("k\uFFFD", "v\uFFFD");
    }

    @Test
    default void returnsNothingForAnUnknownId() {
        assertThat(store().get("tr-00000000000000000000000000000000")).isEmpty();
    }

    @Test
    default void rewritingATraceIdReplacesItsRowTagsAndSpans() {
        Trace first =
                Traces.chat().failedAttempts(3).tag("old", "1").cost("0.5").build();
        write(first);
        Trace second = Traces.chat()
                .id(first.traceId())
                .noTags()
                .tag("new", "2")
                .experiment("other")
                .state(TraceState.ERROR)
                .cost("0.25")
                .build();

        write(second);
        write(second);

        assertThat(store().get(first.traceId())).contains(second);
        assertThat(number("SELECT COUNT(*) FROM traces")).isEqualTo(1);
        assertThat(number("SELECT COUNT(*) FROM spans"))
                .isEqualTo(second.spans().size());
        assertThat(number("SELECT COUNT(*) FROM trace_tags")).isEqualTo(1);
    }

    @Test
    default void aBatchMixingStoredAndNewIdsReplacesTheStoredOnesAndAddsTheNew() {
        Trace stored = Traces.chat().failedAttempts(2).tag("old", "1").build();
        write(stored);
        Trace replacement = Traces.chat()
                .id(stored.traceId())
                .noTags()
                .tag("new", "2")
                .answer("again")
                .build();
        Trace fresh = Traces.chat().noTags().tag("fresh", "3").build();

        store().write(List.of(fresh, replacement));

        assertThat(store().get(stored.traceId())).contains(replacement);
        assertThat(store().get(fresh.traceId())).contains(fresh);
        assertThat(number("SELECT COUNT(*) FROM traces")).isEqualTo(2);
        assertThat(number("SELECT COUNT(*) FROM spans"))
                .isEqualTo(replacement.spans().size() + fresh.spans().size());
        assertThat(number("SELECT COUNT(*) FROM trace_tags")).isEqualTo(2);
    }

    @Test
    default void keepsTheLastOfTwoTracesWithTheSameIdInOneBatch() {
        Trace first = Traces.chat().answer("first").build();
        Trace last = Traces.chat().id(first.traceId()).answer("last").build();

        store().write(List.of(first, last));

        assertThat(store().get(first.traceId())).contains(last);
    }

    @Test
    default void writesNothingOfABatchWhenTheDatabaseFailsMidway() {
        Trace a = Traces.chat().build();
        Trace b = Traces.chat().build();
        // The trace rows go in first; losing the spans table makes the same transaction fail after them.
        sql("ALTER TABLE spans RENAME TO spans_gone");

        assertThatThrownBy(() -> write(a, b))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("Could not write 2 traces in the trace store " + store().describe());

        sql("ALTER TABLE spans_gone RENAME TO spans");
        assertThat(number("SELECT COUNT(*) FROM traces")).isZero();
        write(a, b);
        assertThat(store().get(a.traceId())).contains(a);
    }

    @Test
    default void rejectsATraceThatNoDatabaseCouldHoldWithoutWritingAnyOfTheBatch() {
        Trace good = Traces.chat().build();
        Trace base = Traces.chat().build();
        Span root = base.root().orElseThrow();
        Trace twoRoots = new Trace(base.info(), List.of(root, root));

        assertThatThrownBy(() -> write(good, twoRoots))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(base.traceId())
                .hasMessageContaining("two spans with id " + root.spanId());
        assertThat(store().get(good.traceId())).isEmpty();
    }

    @Test
    default void failsEveryCallAfterCloseWithATraceStoreException() {
        store().close();

        assertThatThrownBy(() -> write(Traces.chat().build()))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("is closed");
    }
}
