package io.mlflowlite.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.SpanType;
import io.mlflowlite.tracing.Tracer;
import io.mlflowlite.tracing.Tracing;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: a real call through the gateway, traced, exported over OTLP/HTTP, decoded by a receiver. */
class GatewayToOtlpTest {
    @TempDir
    Path spill;

    @Test
    void aGatewayCallArrivesAsDecodableOtlpSpansForMlflow() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            receiver.enqueue(OtlpReceiver.Reply.ok());
            OtlpExporter exporter = new OtlpExporter(OtlpConfig.builder(receiver.url())
                    .mlflowExperimentId("7")
                    .flushInterval(Duration.ofMillis(20))
                    .build());
            Tracing tracing = Tracing.builder()
                    .store(new InMemoryTraceStore(100))
                    .spillDir(spill)
                    .sink(exporter)
                    .build();
            Tracing.setGlobal(tracing);
            try (Gateway gateway =
                    Gateway.builder().env(Map.of()).tracing(tracing).build()) {
                String traceId = Tracer.span("handle_request", SpanType.CHAIN, () -> {
                    ChatResponse r = gateway.completion(ChatRequest.builder()
                            .model("mock/echo")
                            .addUserMessage("ping")
                            .build());
                    return r.traceId().orElseThrow();
                });
                tracing.flush(Duration.ofSeconds(10));

                OtlpReceiver.Received request = receiver.awaitRequests(1).get(0);
                assertThat(request.header("x-mlflow-experiment-id")).hasValue("7");
                assertThat(request.header("content-type")).hasValue("application/x-protobuf");
                List<Span> spans = request.spans();
                Map<String, Span> byName = spans.stream().collect(Collectors.toMap(Span::getName, s -> s, (a, b) -> a));
                Span root = byName.get("handle_request");
                Span chat = byName.get("chat mock/echo");
                Span attempt = byName.get("attempt 1 mock/echo");
                assertThat(root.getParentSpanId().isEmpty()).isTrue();
                assertThat(chat.getParentSpanId()).isEqualTo(root.getSpanId());
                assertThat(attempt.getParentSpanId()).isEqualTo(chat.getSpanId());
                assertThat(HexFormat.of().formatHex(chat.getTraceId().toByteArray()))
                        .isEqualTo(traceId.substring(3));

                Map<String, KeyValue> attrs =
                        chat.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv));
                assertThat(attrs.get("mlflow.spanType").getValue().getStringValue())
                        .isEqualTo("\"CHAT_MODEL\"");
                assertThat(attrs.get("mlflow.chat.tokenUsage").getValue().getStringValue())
                        .contains("\"input_tokens\"")
                        .contains("\"total_tokens\"");
                assertThat(attrs.get("gen_ai.usage.input_tokens").getValue().getIntValue())
                        .isPositive();
                assertThat(attrs.get("gen_ai.request.model").getValue().getStringValue())
                        .isEqualTo("mock/echo");
            } finally {
                Tracing.setGlobal(null);
            }
        }
    }
}
