package io.mlflowlite.otel;

import static io.mlflowlite.otel.OtlpExporterTest.attributes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.SpanStatus;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Trace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportRequestsTest {
    private final ExportRequests requests = new ExportRequests(
            OtlpConfig.builder("http://localhost:4318/v1/traces")
                    .resourceAttribute("deployment.environment", "test")
                    .build(),
            "1.2.3");

    @Test
    void givesAFailedSpanWithoutAnExceptionEventOneFromItsStatus() {
        Trace trace = single(Span.builder()
                .traceId("tr-" + TestTraces.hex(1))
                .spanId("aaaaaaaaaaaaaaaa")
                .parentId(null)
                .name("retrieve")
                .type(SpanType.RETRIEVER)
                .startNanos(1)
                .endNanos(2)
                .status(SpanStatus.ERROR)
                .statusMessage("index offline")
                .inputs(null)
                .outputs(null)
                .attributes(Map.of("error.type", "IOException"))
                .events(List.of())
                .build());

        var span = requests.spans(trace).getFirst();

        assertThat(span.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL);
        assertThat(span.getEventsList()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("exception");
            assertThat(attributes(e.getAttributesList())
                            .get("exception.message")
                            .getStringValue())
                    .isEqualTo("index offline");
            assertThat(attributes(e.getAttributesList()).get("exception.type").getStringValue())
                    .isEqualTo("IOException");
        });
        assertThat(attributes(span.getAttributesList())).doesNotContainKey("gen_ai.operation.name");
    }

    @Test
    void takesSpanTypeInputsAndOutputsFromTheSpanOverItsAttributes() {
        Trace trace = single(Span.builder()
                .traceId("tr-" + TestTraces.hex(1))
                .spanId("aaaaaaaaaaaaaaaa")
                .parentId(null)
                .name("embed")
                .type(SpanType.EMBEDDING)
                .startNanos(1)
                .endNanos(2)
                .status(SpanStatus.UNSET)
                .statusMessage(null)
                .inputs(io.mlflowlite.json.Json.read("[\"hello\"]"))
                .outputs(null)
                .attributes(Map.of("mlflow.spanType", "TOOL", "gen_ai.operation.name", "custom"))
                .events(List.of())
                .build());

        var span = requests.spans(trace).getFirst();
        var attributes = attributes(span.getAttributesList());

        assertThat(attributes.get("mlflow.spanType").getStringValue()).isEqualTo("\"EMBEDDING\"");
        assertThat(attributes.get("mlflow.spanInputs").getStringValue()).isEqualTo("[\"hello\"]");
        assertThat(attributes).doesNotContainKey("mlflow.spanOutputs");
        assertThat(attributes.get("gen_ai.operation.name").getStringValue()).isEqualTo("custom");
        assertThat(span.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(span.getStatus().getCode())
                .isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_UNSET);
    }

    @Test
    void describesTheResourceAndScope() {
        var request = requests.request(requests.spans(TestTraces.chat(TestTraces.hex(1))));
        var resource = attributes(request.getResourceSpans(0).getResource().getAttributesList());

        assertThat(resource.get("service.name").getStringValue()).isEqualTo("mlflowlite");
        assertThat(resource.get("telemetry.sdk.name").getStringValue()).isEqualTo("mlflowlite");
        assertThat(resource.get("telemetry.sdk.language").getStringValue()).isEqualTo("java");
        assertThat(resource.get("telemetry.sdk.version").getStringValue()).isEqualTo("1.2.3");
        assertThat(resource.get("deployment.environment").getStringValue()).isEqualTo("test");
        assertThat(request.getResourceSpans(0).getScopeSpans(0).getScope().getVersion())
                .isEqualTo("1.2.3");
    }

    @Test
    void refusesIdsThatAreNotHex() {
        Trace trace = single(Span.builder()
                .traceId("tr-123")
                .spanId("aaaaaaaaaaaaaaaa")
                .parentId(null)
                .name("x")
                .type(SpanType.CHAIN)
                .startNanos(1)
                .endNanos(2)
                .status(SpanStatus.OK)
                .statusMessage(null)
                .inputs(null)
                .outputs(null)
                .attributes(Map.of())
                .events(List.of())
                .build());

        assertThatThrownBy(() -> requests.spans(trace))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trace id");
    }

    private static Trace single(Span span) {
        return new Trace(TestTraces.chat(TestTraces.hex(1)).info(), List.of(span));
    }
}
