package io.mlflowlite.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlflowlite.tracing.Span;
import io.mlflowlite.tracing.Trace;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExportNowTest {
    private OtlpReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = OtlpReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private OtlpConfig.Builder config(String url) {
        return OtlpConfig.builder(url).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5));
    }

    @Test
    void sendsOnTheCallersThreadInBatchesAndReturnsTheSpansAccepted() {
        try (OtlpExporter exporter =
                new OtlpExporter(config(receiver.url()).batchSize(2).build())) {
            long accepted = exporter.exportNow(TestTraces.chats(3));

            assertThat(accepted).isEqualTo(9);
            assertThat(receiver.requests())
                    .extracting(OtlpReceiver.Received::traceCount)
                    .containsExactly(2L, 1L);
            assertThat(exporter.stats().exportedTraces()).isEqualTo(3);
        }
    }

    @Test
    void countsSpansTheCollectorReportsRejectedAsNotAccepted() {
        receiver.enqueue(OtlpReceiver.Reply.ok(ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(1)
                        .setErrorMessage("too old"))
                .build()));
        try (OtlpExporter exporter = new OtlpExporter(config(receiver.url()).build())) {
            assertThat(exporter.exportNow(TestTraces.chats(1))).isEqualTo(2);
            assertThat(exporter.stats().rejectedSpans()).isEqualTo(1);
        }
    }

    @Test
    void retriesAnUnreachableCollectorThenThrowsNamingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/v1/traces";
        try (OtlpExporter exporter = new OtlpExporter(config(url).maxRetries(2).build())) {
            OtlpExportException e =
                    catchThrowableOfType(OtlpExportException.class, () -> exporter.exportNow(TestTraces.chats(1)));

            assertThat(e.getMessage())
                    .contains(url)
                    .contains("could not be reached")
                    .contains("after 2 retries");
            assertThat(e.status()).isZero();
            assertThat(e.retryable()).isTrue();
            assertThat(e.acceptedSpans()).isZero();
            assertThat(exporter.stats().retries()).isEqualTo(2);
            assertThat(exporter.stats().failedTraces()).isEqualTo(1);
        }
    }

    @Test
    void reportsWhatWasDeliveredBeforeARefusal() {
        receiver.enqueue(OtlpReceiver.Reply.ok());
        receiver.enqueue(OtlpReceiver.Reply.status(
                422, Map.of("Content-Type", "application/json"), "{\"detail\":\"Failed to log OpenTelemetry spans\"}"));
        try (OtlpExporter exporter =
                new OtlpExporter(config(receiver.url()).batchSize(1).build())) {
            OtlpExportException e =
                    catchThrowableOfType(OtlpExportException.class, () -> exporter.exportNow(TestTraces.chats(2)));

            assertThat(e.acceptedSpans()).isEqualTo(3);
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage())
                    .contains("HTTP 422")
                    .contains("Failed to log OpenTelemetry spans")
                    .contains("x-mlflow-experiment-id");
        }
    }

    @Test
    void sendsTheOtherTracesWhenOneHasIdsThatAreNotHex() {
        Trace good = TestTraces.chat(TestTraces.hex(1));
        Trace bad = TestTraces.chat(TestTraces.hex(2));
        List<Span> spans = new ArrayList<>(bad.spans());
        Span root = spans.getFirst();
        spans.set(
                0,
                Span.builder()
                        .traceId("tr-not-hex")
                        .spanId(root.spanId())
                        .parentId(null)
                        .name(root.name())
                        .type(root.type())
                        .startNanos(root.startNanos())
                        .endNanos(root.endNanos())
                        .status(root.status())
                        .statusMessage(null)
                        .inputs(null)
                        .outputs(null)
                        .attributes(Map.of())
                        .events(List.of())
                        .build());
        Trace broken = new Trace(bad.info(), spans);
        try (OtlpExporter exporter = new OtlpExporter(config(receiver.url()).build())) {
            OtlpExportException e =
                    catchThrowableOfType(OtlpExportException.class, () -> exporter.exportNow(List.of(good, broken)));

            assertThat(e.acceptedSpans()).isEqualTo(3);
            assertThat(e.getMessage()).contains("not hex");
            assertThat(e.retryable()).isFalse();
            assertThat(receiver.allSpans()).hasSize(3);
            assertThat(exporter.stats().failedTraces()).isEqualTo(1);
        }
    }
}
