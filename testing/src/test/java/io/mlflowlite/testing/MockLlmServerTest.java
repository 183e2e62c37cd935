package io.mlflowlite.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class MockLlmServerTest {

    @AutoClose
    private final MockLlmServer server = MockLlmServer.start();

    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stopClient() {
        client.shutdownNow();
    }

    @Test
    void answersWithEnqueuedJsonAndRecordsTheRequest() throws Exception {
        String chat = Fixtures.text("openai/chat.json");
        server.enqueue(MockResponse.json(200, chat));

        HttpResponse<String> response = client.send(
                Requests.post(
                                server.url("/v1/chat/completions?api-version=2024-06-01&user=a%20b"),
                                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                        .header("Authorization", "Bearer sk-test")
                        .build(),
                BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(chat);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValueAsLong("content-length"))
                .hasValue(chat.getBytes(StandardCharsets.UTF_8).length);

        RecordedRequest request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.target()).isEqualTo("/v1/chat/completions?api-version=2024-06-01&user=a%20b");
        assertThat(request.queryParam("api-version")).hasValue("2024-06-01");
        assertThat(request.queryParam("user")).hasValue("a b");
        assertThat(request.queryParam("missing")).isEmpty();
        assertThat(request.header("authorization")).hasValue("Bearer sk-test");
        assertThat(request.header("AUTHORIZATION")).hasValue("Bearer sk-test");
        assertThat(request.headers()).containsKey("content-type");
        assertThat(request.jsonBody().at("/messages/0/content").asText()).isEqualTo("Hi");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void sendsAnyStatusHeadersAndContentType() throws Exception {
        server.enqueue(MockResponse.json(429, "{\"error\":{\"type\":\"rate_limit_exceeded\"}}")
                .header("retry-after", "2"));
        server.enqueue(MockResponse.text(502, "text/html", "<html>garbage"));

        HttpResponse<String> limited =
                client.send(Requests.post(server.url("/v1/x"), "{}").build(), BodyHandlers.ofString());
        HttpResponse<String> garbage =
                client.send(Requests.post(server.url("/v1/x"), "{}").build(), BodyHandlers.ofString());

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("2");
        assertThat(limited.body()).contains("rate_limit_exceeded");
        assertThat(garbage.statusCode()).isEqualTo(502);
        assertThat(garbage.headers().firstValue("content-type")).hasValue("text/html");
        assertThat(garbage.body()).isEqualTo("<html>garbage");
    }

    @Test
    void servesSeveralRequestsOnOneKeptAliveConnectionInArrivalOrder() throws Exception {
        server.enqueue(MockResponse.json(200, "{\"n\":1}"));
        server.enqueue(MockResponse.json(200, "{\"n\":2}"));

        HttpResponse<String> first =
                client.send(Requests.post(server.url("/first"), "{}").build(), BodyHandlers.ofString());
        HttpResponse<String> second =
                client.send(Requests.post(server.url("/second"), "{}").build(), BodyHandlers.ofString());

        assertThat(first.body()).isEqualTo("{\"n\":1}");
        assertThat(second.body()).isEqualTo("{\"n\":2}");
        RecordedRequest firstRecorded = server.takeRequest();
        RecordedRequest secondRecorded = server.takeRequest();
        assertThat(firstRecorded.path()).isEqualTo("/first");
        assertThat(firstRecorded.sequenceOnConnection()).isZero();
        assertThat(secondRecorded.path()).isEqualTo("/second");
        assertThat(secondRecorded.sequenceOnConnection()).isEqualTo(1);
    }

    @Test
    void answersHttp11ToAnH2cUpgradeOffer() throws Exception {
        server.enqueue(MockResponse.json(200, "{}"));

        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(server.url("/v1/models")))
                        .version(HttpClient.Version.HTTP_2)
                        .timeout(Requests.CLIENT_TIMEOUT)
                        .build(),
                BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.takeRequest().header("upgrade")).hasValue("h2c");
    }

    @Test
    void readsChunkedRequestBodies() throws Exception {
        server.enqueue(MockResponse.json(200, "{}"));
        byte[] json = "{\"model\":\"mistral-small\",\"stream\":false}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(server.url("/v1/chat")))
                        .timeout(Requests.CLIENT_TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json)))
                        .build(),
                BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest request = server.takeRequest();
        assertThat(request.header("transfer-encoding")).hasValue("chunked");
        assertThat(request.jsonBody().at("/model").asText()).isEqualTo("mistral-small");
    }

    @Test
    void answersExpectContinueBeforeReadingTheBody() throws Exception {
        server.enqueue(MockResponse.json(200, "{\"ok\":true}"));

        HttpResponse<String> response = client.send(
                Requests.post(server.url("/v1/embeddings"), "{\"input\":\"x\"}")
                        .expectContinue(true)
                        .build(),
                BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        RecordedRequest request = server.takeRequest();
        assertThat(request.header("expect"))
                .hasValueSatisfying(value -> assertThat(value).isEqualToIgnoringCase("100-continue"));
        assertThat(request.body()).isEqualTo("{\"input\":\"x\"}");
    }

    @Test
    void answers500ExplainingThatNothingWasEnqueued() throws Exception {
        HttpResponse<String> response =
                client.send(Requests.post(server.url("/v1/messages"), "{}").build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).contains("no response enqueued for POST /v1/messages");
        assertThat(server.takeRequest().path()).isEqualTo("/v1/messages");
    }

    @Test
    void dispatcherAnswersInsteadOfTheQueue() throws Exception {
        server.enqueue(MockResponse.json(200, "{\"from\":\"queue\"}"));
        server.setDispatcher(request -> request.path().endsWith("/models")
                ? MockResponse.json(200, "{\"data\":[]}")
                : MockResponse.json(
                        404, "{\"asked\":\"" + request.jsonBody().at("/model").asText() + "\"}"));

        HttpResponse<String> models = client.send(
                HttpRequest.newBuilder(URI.create(server.url("/v1/models")))
                        .timeout(Requests.CLIENT_TIMEOUT)
                        .build(),
                BodyHandlers.ofString());
        HttpResponse<String> chat = client.send(
                Requests.post(server.url("/v1/chat"), "{\"model\":\"m1\"}").build(), BodyHandlers.ofString());

        assertThat(models.body()).isEqualTo("{\"data\":[]}");
        assertThat(chat.statusCode()).isEqualTo(404);
        assertThat(chat.body()).isEqualTo("{\"asked\":\"m1\"}");
    }

    @Test
    void failingDispatcherBecomesA500ThatSaysWhy() throws Exception {
        server.setDispatcher(request -> {
            throw new AssertionError("unexpected model");
        });

        HttpResponse<String> response =
                client.send(Requests.post(server.url("/v1/chat"), "{}").build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body())
                .contains("dispatcher failed on POST /v1/chat")
                .contains("unexpected model");
    }

    @Test
    void takeRequestFailsWithAClearMessageWhenNothingArrives() {
        assertThatThrownBy(() -> server.takeRequest(Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("MockLlmServer received no request within PT0.05S (0 requests received in total,"
                        + " all already taken)");
    }

    @Test
    void writesStatusLineWithReasonPhraseAndClosesWhenAsked() throws Exception {
        server.enqueue(MockResponse.json(429, "{}"));

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();

            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
        }
    }

    @Test
    void rejectsMalformedRequestsWith400() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("NONSENSE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .endsWith("malformed request line: NONSENSE");
        }
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void urlHasNoTrailingSlashAndJoinsPaths() {
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(server.url("/v1")).isEqualTo(server.url() + "/v1");
        assertThat(server.url("v1")).isEqualTo(server.url() + "/v1");
    }
}
