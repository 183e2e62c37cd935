package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bytes a refused request leaves on the wire are never run as a request; broken framing is refused, not hung on. */
class RequestFramingTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(s -> s.maxBodySize(100));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bytesAfterA413AreNeverParsedAsTheNextRequest() {
        String smuggled = "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n";
        String body = smuggled + " ".repeat(200 - smuggled.length());
        try (RawConnection connection = new RawConnection(server.server.port())) {
            connection.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 200\r\n\r\n" + body);

            RawConnection.Response refused = connection.readResponse();

            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.headers()).containsEntry("connection", "close");
            assertThat(connection.closedByServer())
                    .as("the connection ends after the 413")
                    .isTrue();
        }
    }

    @Test
    void aClientStillSendingItsRefusedBodyReadsThe413NotAReset() {
        byte[] body = new byte[4 * 1024 * 1024]; // far more than the socket buffers hold while nobody reads
        java.util.Arrays.fill(body, (byte) ' ');
        try (RawConnection connection = new RawConnection(server.server.port())) {
            connection.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n");
            connection.write(body); // the 413 is sent before the body is read; the server reads the rest, then closes

            RawConnection.Response refused = connection.readResponse();

            assertThat(refused.status()).isEqualTo(413);
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWithoutReadingTheRest() {
        try (RawConnection connection = new RawConnection(server.server.port())) {
            // 200 bytes in one chunk and no last chunk: a server draining the rest would wait here for ever
            connection.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nc8\r\n" + "x".repeat(200) + "\r\n");

            RawConnection.Response refused = connection.readResponse();

            assertThat(refused.status()).isEqualTo(413);
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void aClientHangingUpMidBodyIsCountedAsGoneNotAsAServerError() {
        String gone = "mlflowlite_http_requests_total{route=\"/v1/embeddings\",method=\"POST\",status=\"499\"}";
        double before = server.metric(gone).orElse(0.0);
        try (RawConnection connection = new RawConnection(server.server.port())) {
            connection.write("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 90\r\n\r\n{\"model\": ");
        }

        TestServer.await(
                "the hang-up is counted as 499",
                java.time.Duration.ofSeconds(10),
                () -> server.metric(gone).orElse(0.0) > before);
        assertThat(server.metric(
                        "mlflowlite_http_requests_total{route=\"/v1/embeddings\",method=\"POST\",status=\"500\"}"))
                .isEmpty();
    }

    @Test
    void anInvalidChunkSizeGetsA400AndTheConnectionCloses() {
        try (RawConnection connection = new RawConnection(server.server.port())) {
            connection.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n");

            RawConnection.Response refused = connection.readResponse();

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("chunk");
            assertThat(connection.closedByServer()).isTrue();
        }
    }
}
