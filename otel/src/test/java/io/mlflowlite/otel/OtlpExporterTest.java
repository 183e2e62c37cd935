package io.mlflowlite.otel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mlflowlite.json.Json;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtlpExporterTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private OtlpReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = OtlpReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private OtlpConfig.Builder config() {
        // A flush interval far beyond any test: batches leave only when full, flushed or closed.
        return OtlpConfig.builder(receiver.url())
                .flushInterval(Duration.ofHours(1))
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5))
                .closeTimeout(LONG);
    }

    @Test
    void sendsTheSpanTreeAsProtobufWithMlflowAndGenAiAttributes() {
        String traceHex = TestTraces.hex(1);
        try (OtlpExporter exporter = new OtlpExporter(
                config().mlflowExperimentId("42").serviceName("checkout").build())) {
            exporter.accept(TestTraces.chat(traceHex));
            exporter.flush(LONG);
        }

        OtlpReceiver.Received request = receiver.awaitRequests(1).getFirst();
        assertThat(request.path()).isEqualTo("/v1/traces");
        assertThat(request.header("Content-Type")).contains("application/x-protobuf");
        assertThat(request.header("x-mlflow-experiment-id")).contains("42");
        ResourceSpans resourceSpans = request.request().getResourceSpans(0);
        assertThat(attributes(resourceSpans.getResource().getAttributesList())
                        .get("service.name")
                        .getStringValue())
                .isEqualTo("checkout");
        assertThat(resourceSpans.getScopeSpans(0).getScope().getName()).isEqualTo("mlflowlite");

        Map<String, Span> byName =
                request.spans().stream().collect(Collectors.toMap(Span::getName, Function.identity()));
        assertThat(byName).containsOnlyKeys("chat gpt-4o", "attempt 1 openai/gpt-4o", "attempt 2 openai/gpt-4o");
        Span root = byName.get("chat gpt-4o");
        Span failed = byName.get("attempt 1 openai/gpt-4o");
        Span good = byName.get("attempt 2 openai/gpt-4o");

        ByteString traceId = ByteString.copyFrom(HexFormat.of().parseHex(traceHex));
        assertThat(request.spans()).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
        assertThat(root.getTraceId().size()).isEqualTo(16);
        assertThat(root.getSpanId()).isEqualTo(bytes(TestTraces.ROOT_ID));
        assertThat(root.getParentSpanId()).isEmpty();
        assertThat(failed.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(good.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(good.getSpanId()).isEqualTo(bytes(TestTraces.GOOD_ATTEMPT_ID));
        assertThat(request.spans()).extracting(Span::getKind).containsOnly(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(root.getStartTimeUnixNano()).isEqualTo(TestTraces.START);
        assertThat(root.getEndTimeUnixNano()).isEqualTo(TestTraces.START + 900_000_000L);

        Map<String, AnyValue> rootAttributes = attributes(root.getAttributesList());
        // mlflow.* in MLflow's encoding: the value's JSON, in a string
        assertThat(rootAttributes.get("mlflow.spanType").getStringValue()).isEqualTo("\"CHAT_MODEL\"");
        assertThat(rootAttributes.get("mlflow.traceRequestId").getStringValue()).isEqualTo("\"tr-" + traceHex + "\"");
        assertThat(rootAttributes.get("mlflow.llm.model").getStringValue()).isEqualTo("\"gpt-4o\"");
        assertThat(Json.read(rootAttributes.get("mlflow.chat.tokenUsage").getStringValue()))
                .isEqualTo(Json.read("{\"input_tokens\":12,\"output_tokens\":3,\"total_tokens\":15}"));
        assertThat(Json.read(rootAttributes.get("mlflow.spanInputs").getStringValue())
                        .at("/messages/0/content")
                        .asText())
                .isEqualTo("What is 2+2?");
        assertThat(Json.read(rootAttributes.get("mlflow.spanOutputs").getStringValue())
                        .at("/choices/0/message/content")
                        .asText())
                .isEqualTo("4");
        // gen_ai.* as native OTLP values
        assertThat(rootAttributes.get("gen_ai.usage.input_tokens").hasIntValue())
                .isTrue();
        assertThat(rootAttributes.get("gen_ai.usage.input_tokens").getIntValue())
                .isEqualTo(12);
        assertThat(rootAttributes.get("gen_ai.request.model").getStringValue()).isEqualTo("gpt-4o");
        assertThat(rootAttributes
                        .get("gen_ai.response.finish_reasons")
                        .getArrayValue()
                        .getValues(0)
                        .getStringValue())
                .isEqualTo("stop");
        assertThat(rootAttributes.get("gen_ai.operation.name").getStringValue()).isEqualTo("chat");
        // the trace's user, session and tags ride on the root
        assertThat(rootAttributes.get("user.id").getStringValue()).isEqualTo("alice");
        assertThat(rootAttributes.get("session.id").getStringValue()).isEqualTo("session-7");
        assertThat(rootAttributes.get("mlflow.traceTag.team").getStringValue()).isEqualTo("search");
        assertThat(attributes(good.getAttributesList())
                        .get("gen_ai.request.temperature")
                        .getDoubleValue())
                .isEqualTo(0.2);
        assertThat(attributes(good.getAttributesList()).get("mlflow.spanType").getStringValue())
                .isEqualTo("\"LLM\"");
        assertThat(attributes(good.getAttributesList())).doesNotContainKeys("user.id", "mlflow.traceTag.team");

        assertThat(root.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);
        assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(failed.getStatus().getMessage()).isEqualTo("429 from openai: slow down");
        assertThat(failed.getEventsList()).hasSize(1);
        Span.Event exception = failed.getEvents(0);
        assertThat(exception.getName()).isEqualTo("exception");
        assertThat(exception.getTimeUnixNano()).isEqualTo(TestTraces.START + 100_000_000L);
        assertThat(attributes(exception.getAttributesList())
                        .get("exception.type")
                        .getStringValue())
                .isEqualTo("io.mlflowlite.error.RateLimitedException");
        assertThat(attributes(exception.getAttributesList())
                        .get("exception.message")
                        .getStringValue())
                .isEqualTo("429 from openai: slow down");
    }

    @Test
    void batchesQueuedTracesIntoRequestsOfAtMostBatchSize() {
        try (OtlpExporter exporter = new OtlpExporter(config().batchSize(4).build())) {
            TestTraces.chats(10).forEach(exporter::accept);
            exporter.flush(LONG);

            assertThat(receiver.requests())
                    .extracting(OtlpReceiver.Received::traceCount)
                    .containsExactly(4L, 4L, 2L);
            assertThat(exporter.stats().exportedTraces()).isEqualTo(10);
            assertThat(exporter.stats().exportedSpans()).isEqualTo(30);
            assertThat(exporter.stats().queuedTraces()).isZero();
        }
    }

    @Test
    void retriesA503AndDeliversTheBatchOnceItSucceeds() {
        receiver.enqueue(OtlpReceiver.Reply.status(503, Map.of("Retry-After", "0"), "busy"));
        try (OtlpExporter exporter = new OtlpExporter(config().build())) {
            exporter.accept(TestTraces.chat(TestTraces.hex(1)));
            exporter.flush(LONG);

            List<OtlpReceiver.Received> requests = receiver.requests();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
            assertThat(requests.get(1).spans()).hasSize(3);
            OtlpStats stats = exporter.stats();
            assertThat(stats.retries()).isEqualTo(1);
            assertThat(stats.exportedTraces()).isEqualTo(1);
            assertThat(stats.exportedSpans()).isEqualTo(3);
            assertThat(stats.failedTraces()).isZero();
        }
        assertThat(receiver.requests()).hasSize(2);
    }

    @Test
    void givesUpOnAnAnswerThatIsNotRetryableAndCountsTheTracesFailed() {
        receiver.enqueue(OtlpReceiver.Reply.status(400, Map.of(), "{\"detail\":\"bad\"}"));
        try (OtlpExporter exporter = new OtlpExporter(config().build())) {
            exporter.accept(TestTraces.chat(TestTraces.hex(1)));
            exporter.flush(LONG);

            assertThat(receiver.requests()).hasSize(1);
            assertThat(exporter.stats().failedTraces()).isEqualTo(1);
            assertThat(exporter.stats().retries()).isZero();
            assertThat(exporter.stats().exportedTraces()).isZero();
        }
    }

    @Test
    void dropsAndCountsTracesWhenTheQueueIsFullWhileTheCollectorIsStuck() {
        java.util.concurrent.CountDownLatch collectorStuck = new java.util.concurrent.CountDownLatch(1);
        receiver.enqueue(OtlpReceiver.Reply.ok().heldUntil(collectorStuck));
        try (OtlpExporter exporter =
                new OtlpExporter(config().batchSize(1).maxQueuedTraces(2).build())) {
            exporter.accept(TestTraces.chat(TestTraces.hex(1)));
            receiver.awaitRequests(1);

            // The worker is inside a request that does not answer: accept must still return at once.
            TestTraces.chats(11).subList(1, 11).forEach(exporter::accept);
            OtlpStats whileStuck = exporter.stats();
            assertThat(whileStuck.queuedTraces()).isEqualTo(2);
            assertThat(whileStuck.droppedTraces()).isEqualTo(8);

            collectorStuck.countDown();
            exporter.flush(LONG);
            assertThat(receiver.requests()).hasSize(3);
            assertThat(exporter.stats().exportedTraces()).isEqualTo(3);
            assertThat(exporter.stats().droppedTraces()).isEqualTo(8);
        }
    }

    @Test
    void closeDeliversEverythingQueuedAndDropsLaterTraces() {
        OtlpExporter exporter = new OtlpExporter(config().batchSize(100).build());
        TestTraces.chats(5).forEach(exporter::accept);
        exporter.close();

        assertThat(receiver.requests()).hasSize(1);
        assertThat(receiver.allSpans()).hasSize(15);
        exporter.accept(TestTraces.chat(TestTraces.hex(6)));
        assertThat(exporter.stats().exportedTraces()).isEqualTo(5);
        assertThat(exporter.stats().droppedTraces()).isEqualTo(1);
        exporter.close();
    }

    @Test
    void sendsGzipBodiesWhenAsked() {
        try (OtlpExporter exporter = new OtlpExporter(config().gzip(true).build())) {
            exporter.accept(TestTraces.chat(TestTraces.hex(1)));
            exporter.flush(LONG);
        }
        OtlpReceiver.Received request = receiver.awaitRequests(1).getFirst();
        assertThat(request.header("Content-Encoding")).contains("gzip");
        assertThat(request.spans()).hasSize(3);
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static Map<String, AnyValue> attributes(List<KeyValue> list) {
        return list.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }
}
