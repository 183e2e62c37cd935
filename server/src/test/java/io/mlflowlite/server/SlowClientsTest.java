package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Idle, slow and numerous clients cannot hold the server: each kind of stall ends the connection within its
 * timeout, and connections past the cap wait unaccepted instead of exhausting file descriptors.
 */
class SlowClientsTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final String CHAT_HEAD =
            "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n" + "Content-Type: application/json\r\n";

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() {
        try (TestServer server = TestServer.start(s -> s.idleTimeout(SHORT));
                RawConnection connection = new RawConnection(server.server.port())) {
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void aKeepAliveConnectionIsClosedWhenIdleAfterARequest() {
        try (TestServer server = TestServer.start(s -> s.idleTimeout(SHORT));
                RawConnection connection = new RawConnection(server.server.port())) {
            connection.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse().status()).isEqualTo(200);

            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void headersNotFinishedWithinTheHeaderTimeoutEndTheConnection() {
        // the idle timeout stays long: only the header deadline can end this connection
        try (TestServer server = TestServer.start(s -> s.headerTimeout(SHORT));
                RawConnection connection = new RawConnection(server.server.port())) {
            connection.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Ty");

            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void aBodyNotFinishedWithinTheBodyTimeoutEndsTheConnectionAndCounts408() {
        try (TestServer server = TestServer.start(s -> s.bodyTimeout(SHORT));
                RawConnection connection = new RawConnection(server.server.port())) {
            connection.write(CHAT_HEAD + "Content-Length: 100\r\n\r\n{\"model\": ");

            assertThat(connection.closedByServer()).isTrue();
            TestServer.await(
                    "the cut request is counted",
                    Duration.ofSeconds(10),
                    () -> server.metric(
                                    "mlflowlite_http_requests_total{route=\"/v1/chat/completions\",method=\"POST\",status=\"408\"}")
                            .isPresent());
        }
    }

    @Test
    void connectionsPastTheCapWaitUnacceptedUntilOneCloses() {
        try (TestServer server = TestServer.start(s -> s.maxConnections(2));
                RawConnection first = new RawConnection(server.server.port());
                RawConnection second = new RawConnection(server.server.port());
                RawConnection third = new RawConnection(server.server.port())) {
            first.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(first.readResponse().status()).isEqualTo(200);
            second.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(second.readResponse().status()).isEqualTo(200);

            third.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(third.silentFor(500))
                    .as("the third connection is not served while two are open")
                    .isTrue();

            first.close();
            assertThat(third.readResponse().status()).isEqualTo(200);
        }
    }

    @Test
    void theDefaultConnectionCapLeavesFileDescriptorsForUpstreamConnections() {
        assertThat(ConnectionLimits.defaultMaxConnections(1024)).isEqualTo((1024 - 64) / 2);
        assertThat(ConnectionLimits.defaultMaxConnections(1L << 20))
                .isEqualTo(ConnectionLimits.MAX_DEFAULT_CONNECTIONS);
        assertThat(ConnectionLimits.defaultMaxConnections(-1)).isEqualTo(ConnectionLimits.MAX_DEFAULT_CONNECTIONS);
    }
}
