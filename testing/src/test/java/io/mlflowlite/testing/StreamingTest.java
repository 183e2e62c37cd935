package io.mlflowlite.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class StreamingTest {

    private static final String FIRST = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n";
    private static final String SECOND = "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    @AutoClose
    private final MockLlmServer server = MockLlmServer.start();

    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stopClient() {
        client.shutdownNow();
    }

    @Test
    void deliversEachEventBeforeTheNextIsWritten() throws Exception {
        // Everything after the first event is held back until the server closes, so the client can only read the
        // first one if it was flushed on its own.
        server.enqueue(MockResponse.sse(FIRST, SECOND, DONE).faultAfter(1, Fault.STALL));

        HttpResponse<InputStream> response = client.send(
                Requests.post(server.url("/v1/chat/completions"), "{}").build(), BodyHandlers.ofInputStream());

        try (InputStream body = response.body()) {
            assertThat(Requests.readEvent(body)).isEqualTo(FIRST);
            server.close();
            assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
        }
    }

    @Test
    void streamsEventsInOrderAsChunkedEventStream() throws Exception {
        server.enqueue(MockResponse.sse(FIRST, SECOND, DONE).eventDelay(Duration.ofMillis(5)));

        HttpResponse<Stream<String>> response = client.send(
                Requests.post(server.url("/v1/chat/completions"), "{\"stream\":true}")
                        .build(),
                BodyHandlers.ofLines());

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(response.headers().firstValue("content-length")).isEmpty();
        assertThat(response.body().toList()).containsExactly(FIRST.strip(), "", SECOND.strip(), "", DONE.strip(), "");
    }

    @Test
    void replaysATranscriptByteForByte() throws Exception {
        String transcript = Fixtures.text("anthropic/messages-stream-crlf.sse");
        server.enqueue(MockResponse.sseTranscript(transcript).eventDelay(Duration.ofMillis(1)));

        HttpResponse<String> response =
                client.send(Requests.post(server.url("/v1/messages"), "{}").build(), BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo(transcript).contains("\r\n\r\n");
    }

    @Test
    void truncateAfterEndsTheBodyWithoutItsLastChunk() throws Exception {
        server.enqueue(MockResponse.sse(FIRST, SECOND, DONE).truncateAfter(2));

        // A raw socket sees exactly the bytes sent; the JDK client may report the cut before handing over
        // the last chunk it buffered, which made the assertion depend on thread timing.
        String raw;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream()
                    .write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n" + "Content-Length: 2\r\n\r\n{}")
                            .getBytes(StandardCharsets.US_ASCII));
            raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(raw)
                .contains("Transfer-Encoding: chunked")
                .contains(FIRST)
                .contains(SECOND)
                .doesNotContain("[DONE]");
        assertThat(raw).doesNotEndWith("0\r\n\r\n");

        // and a real client sees a failed body, never a complete one
        server.enqueue(MockResponse.sse(FIRST, SECOND, DONE).truncateAfter(2));
        HttpResponse<InputStream> response = client.send(
                Requests.post(server.url("/v1/chat/completions"), "{}").build(), BodyHandlers.ofInputStream());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (InputStream body = response.body()) {
            assertThatThrownBy(() -> body.transferTo(received)).isInstanceOf(IOException.class);
        }
        assertThat(FIRST + SECOND).startsWith(received.toString(StandardCharsets.UTF_8));
    }

    @Test
    void headersDelayKeepsTheClientWaitingForTheStatusLine() {
        server.enqueue(MockResponse.json(200, "{}").headersDelay(Duration.ofMinutes(1)));

        assertThatThrownBy(() -> client.send(
                        Requests.post(server.url("/v1/chat/completions"), "{}")
                                .timeout(Duration.ofMillis(100))
                                .build(),
                        BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void bodyDelayHoldsTheBodyButNotTheHeaders() throws Exception {
        server.enqueue(MockResponse.json(200, "{\"late\":true}").bodyDelay(Duration.ofMinutes(1)));

        HttpResponse<InputStream> response = client.send(
                Requests.post(server.url("/v1/chat/completions"), "{}").build(), BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).hasValue("13");
        server.close();
        try (InputStream body = response.body()) {
            assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
        }
    }

    @Test
    void streamWithoutEventsEndsCleanly() throws Exception {
        server.enqueue(MockResponse.sse());

        HttpResponse<String> response =
                client.send(Requests.post(server.url("/v1/chat"), "{}").build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }
}
