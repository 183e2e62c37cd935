package io.mlflowlite.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.ConnectionException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.json.Json;
import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.testing.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** mlflowlite's HTTP/1.1 client on real sockets: keep-alive, stale connections, resending rules, framing, timeouts. */
class Http1ClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final JsonNode BODY = Json.object().put("model", "gpt-4o-mini");
    private static final String OK =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n" + "{\"ok\":true}";

    private MockLlmServer upstream;
    private Http1Client client;
    private Http1Exchanges http;

    @BeforeEach
    void start() {
        upstream = MockLlmServer.start();
        client = new Http1Client();
        http = new Http1Exchanges(client);
    }

    @AfterEach
    void stop() {
        http.close();
        upstream.close();
    }

    private HttpReply post(String url) {
        return http.postJson("openai", URI.create(url), Map.of(), BODY, TIMEOUT);
    }

    @Test
    void sendsJsonAndReusesTheKeptAliveConnection() {
        upstream.enqueue(MockResponse.json(200, "{\"n\":1}"));
        upstream.enqueue(MockResponse.json(200, "{\"n\":2}"));

        HttpReply first = post(upstream.url("/v1/chat/completions?api-version=1"));
        HttpReply second = post(upstream.url("/v1/chat/completions"));

        assertThat(first.json("openai").get("n").asInt()).isEqualTo(1);
        assertThat(second.json("openai").get("n").asInt()).isEqualTo(2);
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.target()).isEqualTo("/v1/chat/completions?api-version=1");
        assertThat(sent.header("content-type")).hasValue("application/json");
        assertThat(sent.header("accept")).hasValue("application/json");
        assertThat(sent.header("host")).hasValue("127.0.0.1:" + upstream.port());
        assertThat(sent.jsonBody()).isEqualTo(BODY);
        assertThat(sent.sequenceOnConnection()).isZero();
        assertThat(upstream.takeRequest().sequenceOnConnection()).isEqualTo(1);
    }

    @Test
    void callerHeadersReplaceTheDefaultsWhateverTheirCase() {
        upstream.enqueue(MockResponse.json(200, "{}"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer sk-test");
        headers.put("content-type", "application/json; charset=utf-8");

        http.postJson("openai", URI.create(upstream.url("/v1/x")), headers, BODY, TIMEOUT);

        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.headers().get("content-type")).containsExactly("application/json; charset=utf-8");
        assertThat(sent.header("authorization")).hasValue("Bearer sk-test");
    }

    @Test
    void refusesHeadersThatWouldBreakTheRequestsFraming() {
        URI uri = URI.create(upstream.url("/v1/x"));

        assertThatThrownBy(() -> http.postJson("openai", uri, Map.of("Content-Length", "1"), BODY, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restricted");
        assertThatThrownBy(() -> http.postJson("openai", uri, Map.of("x-evil", "a\r\nHost: b"), BODY, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> http.postJson("openai", uri, Map.of("bad name", "v"), BODY, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void errorAnswersKeepTheirStatusHeadersAndMessage() {
        upstream.enqueue(MockResponse.json(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}")
                .header("retry-after-ms", "1500"));
        upstream.enqueue(MockResponse.json(503, "<html>busy</html>"));

        assertThatThrownBy(() -> post(upstream.url("/v1/x")))
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofMillis(1500)));
        assertThatThrownBy(() -> post(upstream.url("/v1/x")))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.status()).isEqualTo(503));
        // the error bodies were read to their end, so the connection served both
        upstream.takeRequest();
        assertThat(upstream.takeRequest().sequenceOnConnection()).isEqualTo(1);
    }

    @Test
    void neverWritesARequestOnAConnectionTheServerClosedWhileIdle() throws Exception {
        try (ScriptedServer server = new ScriptedServer(
                r -> r.connection() == 0 ? ScriptedServer.Answer.thenClose(OK) : ScriptedServer.Answer.keepAlive(OK))) {
            String url = "http://127.0.0.1:" + server.port() + "/v1/x";
            post(url);
            assertThat(server.awaitClosedConnection()).isTrue();

            HttpReply second = post(url); // a POST: it would not be sent again had it gone to the closed connection

            assertThat(second.status()).isEqualTo(200);
            assertThat(server.received())
                    .extracting(ScriptedServer.Received::connection)
                    .containsExactly(0, 1);
        }
    }

    @Test
    void aPostIsNotSentAgainWhenItsConnectionBreaksAfterItWasWritten() {
        upstream.enqueue(MockResponse.json(200, "{}"));
        upstream.enqueue(MockResponse.fault(Fault.DISCONNECT)); // reads the request, then hangs up
        upstream.enqueue(MockResponse.json(200, "{\"resent\":true}"));
        post(upstream.url("/v1/x"));

        assertThatThrownBy(() -> post(upstream.url("/v1/x"))).isInstanceOf(ConnectionException.class);

        assertThat(upstream.requestCount()).isEqualTo(2);
    }

    @Test
    void aGetIsSentAgainOnANewConnectionWhenThePooledOneEndsBeforeAnswering() {
        upstream.enqueue(MockResponse.json(200, "{}"));
        upstream.enqueue(MockResponse.fault(Fault.DISCONNECT));
        upstream.enqueue(MockResponse.json(200, "{\"again\":true}"));
        URI uri = URI.create(upstream.url("/v1/models"));
        http.get("openai", uri, Map.of(), TIMEOUT);

        HttpReply reply = http.get("openai", uri, Map.of(), TIMEOUT);

        assertThat(reply.json("openai").get("again").asBoolean()).isTrue();
        assertThat(upstream.requestCount()).isEqualTo(3);
        upstream.takeRequest();
        upstream.takeRequest();
        assertThat(upstream.takeRequest().sequenceOnConnection()).isZero();
    }

    @Test
    void readsChunkedBodiesWithExtensionsAndTrailersThenKeepsTheConnection() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\n{\"ok\"\r\n6\r\n:true}\r\n0\r\nX-Trailer: 1\r\n\r\n";
        try (ScriptedServer server = new ScriptedServer(r -> ScriptedServer.Answer.keepAlive(chunked))) {
            String url = "http://127.0.0.1:" + server.port() + "/v1/x";

            assertThat(post(url).body()).isEqualTo("{\"ok\":true}");
            assertThat(post(url).body()).isEqualTo("{\"ok\":true}");
            assertThat(server.received())
                    .extracting(ScriptedServer.Received::onConnection)
                    .containsExactly(0, 1);
        }
    }

    @Test
    void aBodyUntilTheConnectionEndsIsReadWholeAndTheConnectionNotReused() throws Exception {
        String unframed = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":true}";
        try (ScriptedServer server = new ScriptedServer(r -> ScriptedServer.Answer.thenClose(unframed))) {
            String url = "http://127.0.0.1:" + server.port() + "/v1/x";

            assertThat(post(url).body()).isEqualTo("{\"ok\":true}");
            assertThat(post(url).body()).isEqualTo("{\"ok\":true}");
            assertThat(server.received())
                    .extracting(ScriptedServer.Received::connection)
                    .containsExactly(0, 1);
        }
    }

    @Test
    void aSlowHeadTimesOutAndItsConnectionIsNotReused() {
        upstream.enqueue(MockResponse.json(200, "{}").headersDelay(Duration.ofSeconds(5)));
        upstream.enqueue(MockResponse.json(200, "{}"));
        URI uri = URI.create(upstream.url("/v1/x"));

        assertThatThrownBy(() -> http.postJson("openai", uri, Map.of(), BODY, Duration.ofMillis(200)))
                .isInstanceOf(AttemptTimeoutException.class);
        http.postJson("openai", uri, Map.of(), BODY, TIMEOUT);

        upstream.takeRequest();
        assertThat(upstream.takeRequest().sequenceOnConnection()).isZero();
    }

    @Test
    void theTimeoutBoundsTheBodyToo() {
        upstream.enqueue(MockResponse.json(200, "{}").bodyDelay(Duration.ofSeconds(5)));

        assertThatThrownBy(() -> http.postJson(
                        "openai", URI.create(upstream.url("/v1/x")), Map.of(), BODY, Duration.ofMillis(200)))
                .isInstanceOf(AttemptTimeoutException.class);
    }

    @Test
    void aRefusedConnectionIsAConnectionException() throws Exception {
        int port;
        try (var closed = new java.net.ServerSocket(0)) {
            port = closed.getLocalPort();
        }

        assertThatThrownBy(() -> post("http://127.0.0.1:" + port + "/v1/x"))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("Cannot connect to openai");
    }

    @Test
    void anInterruptedCallerStopsWaitingAndKeepsItsInterrupt() throws Exception {
        upstream.enqueue(MockResponse.fault(Fault.STALL));
        Throwable[] failure = new Throwable[1];
        boolean[] interrupted = new boolean[1];
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                post(upstream.url("/v1/x"));
            } catch (RuntimeException e) {
                failure[0] = e;
                interrupted[0] = Thread.currentThread().isInterrupted();
            }
        });
        upstream.takeRequest(); // the request is out and the caller waits for the answer
        caller.interrupt();
        caller.join(Duration.ofSeconds(30));

        assertThat(caller.isAlive()).isFalse();
        assertThat(failure[0]).hasMessageContaining("Interrupted");
        assertThat(interrupted[0]).isTrue();
    }

    @Test
    void streamsEventsLineByLineAndTimesOutAStalledOne() {
        upstream.enqueue(
                MockResponse.sse("data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n").eventDelay(Duration.ofSeconds(5)));

        SseConnection events = http.postSse("openai", URI.create(upstream.url("/v1/x")), Map.of(), BODY, TIMEOUT);

        assertThat(events.next(TIMEOUT).data()).isEqualTo("{\"n\":1}");
        assertThatThrownBy(() -> events.next(Duration.ofMillis(200))).isInstanceOf(AttemptTimeoutException.class);
        assertThat(upstream.takeRequest().header("accept")).hasValue("text/event-stream");
    }

    @Test
    void aStreamReadToItsEndLetsTheNextRequestReuseTheConnection() throws Exception {
        String stream = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "f\r\ndata: {\"a\":1}\n\n\r\n" + "e\r\ndata: [DONE]\n\n\r\n" + "0\r\n\r\n";
        try (ScriptedServer server = new ScriptedServer(
                r -> ScriptedServer.Answer.keepAlive(r.head().contains("text/event-stream") ? stream : OK))) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/x");
            SseConnection events = http.postSse("openai", uri, Map.of(), BODY, TIMEOUT);
            assertThat(events.next(TIMEOUT).data()).isEqualTo("{\"a\":1}");
            assertThat(events.next(TIMEOUT).data()).isEqualTo("[DONE]");
            assertThat(events.next(TIMEOUT)).isNull();
            events.close();

            post(uri.toString());

            assertThat(server.received())
                    .extracting(ScriptedServer.Received::onConnection)
                    .containsExactly(0, 1);
        }
    }

    @Test
    void eventLinesEndInCrLfOrCrOrLfWhereverTheReadsSplitThem() throws Exception {
        String events = "data: {\"a\":1}\r\n\r\ndata: {\"b\":2}\r\rdata: {\"c\":3}\n\n: note\r\n"
                + "data: {\"d\":\n"
                + "data: 4}\r\n\r\ndata: [DONE]\n\n";
        for (int piece : new int[] {1, 2, 3, 7, events.length()}) {
            StringBuilder chunked = new StringBuilder(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int at = 0; at < events.length(); at += piece) {
                String part = events.substring(at, Math.min(events.length(), at + piece));
                chunked.append(Integer.toHexString(part.length()))
                        .append("\r\n")
                        .append(part)
                        .append("\r\n");
            }
            chunked.append("0\r\n\r\n");
            try (ScriptedServer server = new ScriptedServer(r -> ScriptedServer.Answer.keepAlive(chunked.toString()))) {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/x");
                try (SseConnection stream = http.postSse("openai", uri, Map.of(), BODY, TIMEOUT)) {
                    List<String> data = new java.util.ArrayList<>();
                    for (SseEvent e = stream.next(TIMEOUT); e != null; e = stream.next(TIMEOUT)) {
                        data.add(e.data());
                    }
                    assertThat(data)
                            .as("HTTP chunks of %d bytes", piece)
                            .containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}", "{\"d\":\n4}", "[DONE]");
                }
            }
        }
    }

    @Test
    void closingAStreamEarlyClosesItsConnection() throws Exception {
        upstream.enqueue(
                MockResponse.sse("data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n").eventDelay(Duration.ofSeconds(30)));
        upstream.enqueue(MockResponse.json(200, "{}"));
        SseConnection events = http.postSse("openai", URI.create(upstream.url("/v1/x")), Map.of(), BODY, TIMEOUT);
        events.next(TIMEOUT);

        events.close();
        post(upstream.url("/v1/x"));

        upstream.takeRequest();
        assertThat(upstream.takeRequest().sequenceOnConnection()).isZero();
    }
}
