package io.mlflowlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The open-loop generator and its HTTP/1.1 connection, against the bench's mock upstream on a real socket. */
class LoadGeneratorTest {
    private HttpServer upstream;
    private InetSocketAddress address;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = MockUpstream.start(0);
        upstream.createContext("/chunked", exchange -> {
            try (exchange) {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                exchange.sendResponseHeaders(200, 0); // length 0: the JDK server sends the body chunked
                exchange.getResponseBody().write(MockUpstream.COMPLETION);
            }
        });
        address = new InetSocketAddress(
                InetAddress.getLoopbackAddress(), upstream.getAddress().getPort());
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop(0);
    }

    @Test
    void everyScheduledRequestIsSentOnceAndEachAnswerCounted() throws InterruptedException {
        byte[] request = ClientConnection.post(address, MockUpstream.PATH, ServerBench.body("gpt-4o-mini"));
        try (LoadGenerator generator = new LoadGenerator("direct", address, request, 100, 5_000)) {
            LoadResult result = generator.run(200, 1.5);

            assertThat(result.sent()).isEqualTo(300);
            assertThat(result.ok()).isEqualTo(300);
            assertThat(result.errors()).isZero();
            assertThat(result.timeouts()).isZero();
            assertThat(result.latency().getTotalCount()).isEqualTo(300);
            assertThat(result.sendLag().getTotalCount()).isEqualTo(300);
            assertThat(result.firstError()).isNull();
        }
    }

    @Test
    void aStatusOtherThan200IsAnErrorNamingTheStatus() throws InterruptedException {
        byte[] request = ClientConnection.post(address, "/v1/no-such-route", "{}");
        try (LoadGenerator generator = new LoadGenerator("direct", address, request, 10, 5_000)) {
            LoadResult result = generator.run(50, 0.2);

            assertThat(result.ok()).isZero();
            assertThat(result.errors()).isEqualTo(10);
            assertThat(result.firstError()).isEqualTo("HTTP 404");
            assertThat(result.latency().getTotalCount())
                    .as("only answers that succeeded are in the latency")
                    .isZero();
        }
    }

    @Test
    void aServerThatNeverAnswersCostsTimeoutsNotErrors() throws Exception {
        List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // held open, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
            byte[] request = ClientConnection.post(target, MockUpstream.PATH, "{}");
            try (LoadGenerator generator = new LoadGenerator("silent", target, request, 10, 200)) {
                LoadResult result = generator.run(20, 0.25);

                assertThat(result.timeouts()).isEqualTo(5);
                assertThat(result.errors()).isZero();
                assertThat(result.ok()).isZero();
            }
        }
    }

    @Test
    void aChunkedAnswerIsReadToItsEndSoTheConnectionServesTheNextRequest() throws IOException {
        byte[] request = ClientConnection.post(address, "/chunked", "{}");
        try (ClientConnection connection = new ClientConnection(address, 5_000)) {
            assertThat(connection.exchange(request)).isEqualTo(200);
            assertThat(connection.reusable()).isTrue();
            assertThat(connection.exchange(request)).isEqualTo(200);
            assertThat(connection.exchange(ClientConnection.post(address, MockUpstream.PATH, "{}")))
                    .isEqualTo(200);
        }
    }

    @Test
    void aPreparedPostCarriesItsBodyLength() {
        String body = "{\"model\":\"é\"}";
        String request =
                new String(ClientConnection.post(address, "/v1/chat/completions", body), StandardCharsets.UTF_8);

        assertThat(request)
                .startsWith("POST /v1/chat/completions HTTP/1.1\r\n")
                .contains("\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n")
                .endsWith("\r\n\r\n" + body);
    }

    @Test
    void aPreparedPostCarriesTheApiKeyOnlyWhenGivenOne() {
        String withKey = new String(
                ClientConnection.post(address, "/v1/chat/completions", "{}", "mlk-secret"), StandardCharsets.UTF_8);
        String without =
                new String(ClientConnection.post(address, "/v1/chat/completions", "{}"), StandardCharsets.UTF_8);

        assertThat(withKey).contains("\r\nAuthorization: Bearer mlk-secret\r\n").endsWith("\r\n\r\n{}");
        assertThat(without).doesNotContain("Authorization");
    }
}
