package io.mlflowlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mock's streaming mode, the stream client's event counting, and the closed-loop runs, on real sockets. */
class StreamLoadTest {
    private static final int CHUNKS = 4;
    private HttpServer upstream;
    private String url;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = MockUpstream.start(0, new MockUpstream.Streaming(Duration.ZERO, Duration.ZERO, CHUNKS));
        url = "http://127.0.0.1:" + upstream.getAddress().getPort();
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop(0);
    }

    @Test
    void aStreamedAnswerIsReadEventByEventInOrder() throws IOException {
        InetSocketAddress address = new InetSocketAddress(
                InetAddress.getLoopbackAddress(), upstream.getAddress().getPort());
        try (StreamConnection connection = new StreamConnection(address, 10_000)) {
            for (int round = 0; round < 2; round++) { // the connection serves the next stream
                StreamConnection.Timing t = connection.exchange(
                        ClientConnection.post(address, MockUpstream.PATH, StreamBench.body("gpt-4o-mini")));
                assertThat(t.status()).isEqualTo(200);
                // content events, the finish event, the usage event and [DONE]
                assertThat(t.eventCount()).isEqualTo(CHUNKS + 3);
                assertThat(t.head()).isGreaterThanOrEqualTo(t.sent());
                for (int i = 1; i < t.eventCount(); i++) {
                    assertThat(t.events()[i]).isGreaterThanOrEqualTo(t.events()[i - 1]);
                }
                assertThat(t.end()).isGreaterThanOrEqualTo(t.events()[t.eventCount() - 1]);
                assertThat(connection.reusable()).isTrue();
            }
        }
    }

    @Test
    void aRequestWithoutStreamIsAnsweredWithTheWholeCompletion() throws IOException, InterruptedException {
        try (LoadGenerator generator = LoadGenerator.chat("direct", url, "gpt-4o-mini", null, 4, 10_000)) {
            LoadResult r = generator.closed(2, 0.3);
            assertThat(r.ok()).isEqualTo(r.sent()).isPositive();
            assertThat(r.errors() + r.timeouts()).isZero();
        }
    }

    @Test
    void closedLoopStreamsAreCountedWithTheirEvents() throws InterruptedException {
        try (StreamLoad load = new StreamLoad("direct", url, "gpt-4o-mini", null, 10_000)) {
            StreamLoad.Result r = load.closed(2, 0.3);
            assertThat(r.errors()).as(String.valueOf(r.firstError())).isZero();
            assertThat(r.ok()).isEqualTo(r.streams()).isPositive();
            assertThat(r.events()).isEqualTo(r.ok() * (CHUNKS + 3));
            assertThat(r.firstToken().getTotalCount()).isEqualTo(r.ok());
            assertThat(r.gap().getTotalCount()).isEqualTo(r.ok() * (CHUNKS + 2));
        }
    }
}
