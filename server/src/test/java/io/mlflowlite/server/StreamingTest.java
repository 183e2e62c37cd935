package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.Trace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code stream: true} over raw HTTP: framing, usage, headers, failures mid-stream, clients that leave. */
class StreamingTest {
    private static final String STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]";

    private final TestServer t = TestServer.start();

    @AfterEach
    void close() {
        t.close();
    }

    /** The {@code data:} payloads of a complete event-stream body, checking the framing on the way. */
    private static List<String> events(String body) {
        assertThat(body).endsWith("\n\n");
        List<String> payloads = new ArrayList<>();
        for (String event : body.substring(0, body.length() - 2).split("\n\n", -1)) {
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            payloads.add(event.substring("data: ".length()));
        }
        return payloads;
    }

    @Test
    void streamIsOpenAiServerSentEventsEndingWithDone() {
        t.upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")));

        HttpResponse<String> response = t.post("/v1/chat/completions", STREAM + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = events(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks =
                events.subList(0, events.size() - 1).stream().map(Json::read).toList();
        assertThat(chunks).hasSize(6).allSatisfy(chunk -> {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.has("usage"))
                    .as("usage only when include_usage asks for it")
                    .isFalse();
        });
        assertThat(chunks)
                .extracting(c -> c.at("/choices/0/delta/content").asText(""))
                .containsExactly("", "The", " capital", " is", " Paris.", "");
        assertThat(chunks.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void includeUsageAddsOneLastChunkWithUsageAndNoChoices() {
        t.upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")));

        HttpResponse<String> response =
                t.post("/v1/chat/completions", STREAM + ",\"stream_options\":{\"include_usage\":true}}");

        List<String> events = events(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        JsonNode usageChunk = Json.read(events.get(events.size() - 2));
        assertThat(usageChunk.get("choices").size()).isZero();
        assertThat(usageChunk.at("/usage/prompt_tokens").asInt()).isEqualTo(24);
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(5);
        assertThat(usageChunk.get("id").asText()).isEqualTo("chatcmpl-BQ3tU2bN6xVm9kQe4Ry1pLw7ZcTfA");
        assertThat(events.subList(0, events.size() - 2))
                .hasSize(6)
                .allSatisfy(e -> assertThat(Json.read(e).has("usage")).isFalse());
    }

    @Test
    void theTraceIdAndRequestIdComeInTheHeadersBeforeTheFirstEvent() {
        t.upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")));

        HttpResponse<String> response = t.post("/v1/chat/completions", STREAM + "}", "x-request-id", "abc-123");

        assertThat(response.headers().firstValue("x-request-id")).hasValue("abc-123");
        String traceId = response.headers().firstValue("x-mlflowlite-trace-id").orElseThrow();
        Trace trace = t.storedTrace(traceId);
        assertThat(trace.root()
                        .orElseThrow()
                        .outputs()
                        .at("/choices/0/message/content")
                        .asText())
                .isEqualTo("The capital is Paris.");
        assertThat(trace.info().tags()).containsEntry(ChatCompletionsRoute.REQUEST_ID_TAG, "abc-123");
    }

    @Test
    void aFailureBeforeTheFirstChunkIsAnOrdinaryErrorResponse() {
        t.upstream.enqueue(
                MockResponse.json(429, Fixtures.text("openai/error-429.json")).header("retry-after", "2"));

        HttpResponse<String> response = t.post("/v1/chat/completions", STREAM + "}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("2");
        assertThat(TestServer.json(response).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void aStreamTheProviderEndsWithoutDoneIsAnErrorEventThenTheEnd() {
        t.upstream.enqueue(MockResponse.sseTranscript(Fixtures.text("openai/stream-truncated.sse")));

        HttpResponse<String> response = t.post("/v1/chat/completions", STREAM + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = events(response.body());
        assertThat(events).hasSize(4).doesNotContain("[DONE]");
        JsonNode error = Json.read(events.getLast()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("upstream_malformed_response");
        assertThat(error.get("message").asText()).contains("before 'data: [DONE]'");
    }

    @Test
    void aConnectionTheProviderDropsMidStreamIsAnErrorEventThenTheEnd() {
        t.upstream.enqueue(
                MockResponse.sseTranscript(Fixtures.text("openai/stream.sse")).truncateAfter(3));

        HttpResponse<String> response = t.post("/v1/chat/completions", STREAM + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = events(response.body());
        assertThat(events).hasSize(4).doesNotContain("[DONE]");
        assertThat(Json.read(events.getLast()).at("/error/code").asText()).isEqualTo("upstream_connection_error");
        assertThat(
                        t.metric(
                                "gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name=\"chat\","
                                        + "gen_ai_request_model=\"gpt-4o-mini\",gen_ai_system=\"\",error_type=\"upstream_connection_error\"}"))
                .as("a stream that failed midway is a failed operation")
                .hasValue(1.0);
    }

    @Test
    void eachChunkIsFlushedAsItArrivesNotWhenTheStreamEnds() throws Exception {
        try (TestServer slow = TestServer.start(g -> g.timeout(Duration.ofMillis(500)), s -> {})) {
            String[] upstreamEvents = Fixtures.text("openai/stream.sse").split("(?<=\n\n)");
            // two events, then the upstream hangs: they can only reach the client if nothing buffers them
            slow.upstream.enqueue(MockResponse.sse(upstreamEvents).faultAfter(2, Fault.STALL));
            HttpResponse<InputStream> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(slow.uri("/v1/chat/completions"))
                                    .header("content-type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(STREAM + "}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());

            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).contains("\"role\":\"assistant\"");
                assertThat(lines.readLine()).isEmpty();
                assertThat(lines.readLine()).contains("\"content\":\"The\"");
                assertThat(lines.readLine()).isEmpty();
                // the stalled upstream then times out: the client is told, in the stream
                String next = lines.readLine();
                assertThat(Json.read(next.substring("data: ".length()))
                                .at("/error/code")
                                .asText())
                        .isEqualTo("upstream_timeout");
                assertThat(lines.readLine()).isEmpty();
                assertThat(lines.readLine()).isNull();
            }
        }
    }

    @Test
    void aClientLeavingMidStreamCancelsTheUpstreamRequestAndTheTraceSaysSo() throws Exception {
        try (EndlessSseUpstream endless = new EndlessSseUpstream();
                TestServer s = TestServer.start(
                        g -> g.env(Map.of("OPENAI_API_KEY", "sk-upstream-test", "OPENAI_BASE_URL", endless.url())),
                        b -> {})) {
            String traceId;
            try (Socket client = new Socket("127.0.0.1", s.server.port())) {
                byte[] body = (STREAM + "}").getBytes(StandardCharsets.UTF_8);
                OutputStream out = client.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                String head = readUntil(client.getInputStream(), "\r\n\r\n");
                assertThat(head).startsWith("HTTP/1.1 200");
                traceId = Arrays.stream(head.split("\r\n"))
                        .filter(h -> h.toLowerCase().startsWith("x-mlflowlite-trace-id:"))
                        .map(h -> h.substring(h.indexOf(':') + 1).strip())
                        .findFirst()
                        .orElseThrow();
                assertThat(readUntil(client.getInputStream(), "\n\n"))
                        .contains("data: {")
                        .contains("tick");
                assertThat(s.metric("mlflowlite_http_requests_in_flight")).hasValue(1.0);
            }

            TestServer.await("the gateway to hang up on the upstream", Duration.ofSeconds(10), endless::hungUp);
            TestServer.await(
                    "no request in flight",
                    Duration.ofSeconds(10),
                    () -> s.metric("mlflowlite_http_requests_in_flight").orElse(-1.0) == 0.0);
            assertThat(s.metric("mlflowlite_client_disconnects_total{route=\"/v1/chat/completions\"}"))
                    .hasValue(1.0);
            assertThat(
                            s.metric(
                                    "mlflowlite_http_requests_total{route=\"/v1/chat/completions\",method=\"POST\",status=\"499\"}"))
                    .hasValue(1.0);
            assertThat(s.storedTrace(traceId).root().orElseThrow().attributes())
                    .containsEntry("mlflowlite.stream.cancelled", true);
            int sentWhenCancelled = endless.eventsSent();
            assertThat(sentWhenCancelled)
                    .as("the upstream stopped, it did not run to an end")
                    .isPositive();
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("ended before " + end.replace("\r", "\\r").replace("\n", "\\n") + ": " + text);
            }
            text.append((char) b);
        }
        return text.toString();
    }
}
