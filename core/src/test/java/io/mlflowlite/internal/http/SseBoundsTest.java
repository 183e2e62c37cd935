package io.mlflowlite.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.json.Json;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an upstream's event stream cannot do to the gateway, with either HTTP client: keep a stream alive past its
 * wait with comments alone, or make it buffer a line or an event without limit.
 */
class SseBoundsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final JsonNode BODY = Json.object().put("model", "gpt-4o-mini");

    private MockLlmServer upstream;

    @BeforeEach
    void start() {
        upstream = MockLlmServer.start();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    static Stream<String> clients() {
        return Stream.of("http1", "jdk");
    }

    private SseConnection open(String client) {
        Exchanges http = client.equals("http1")
                ? new Http1Exchanges(new Http1Client())
                : new JdkExchanges(
                        HttpClient.newBuilder()
                                .version(HttpClient.Version.HTTP_1_1)
                                .build(),
                        true);
        return http.postSse("openai", URI.create(upstream.url("/v1/x")), Map.of(), BODY, TIMEOUT);
    }

    @ParameterizedTest
    @MethodSource("clients")
    void keepaliveCommentsDoNotRestartTheWaitForAnEvent(String client) {
        String[] events = new String[201];
        events[0] = "data: {\"n\":1}\n\n";
        for (int i = 1; i < events.length; i++) {
            events[i] = ": keepalive\n\n";
        }
        // a comment every 20 ms for 4 s: each comes well within the wait, the next event never does
        upstream.enqueue(MockResponse.sse(events).eventDelay(Duration.ofMillis(20)));
        SseConnection stream = open(client);
        assertThat(stream.next(TIMEOUT).data()).isEqualTo("{\"n\":1}");

        assertThatThrownBy(() -> stream.next(Duration.ofMillis(300))).isInstanceOf(AttemptTimeoutException.class);
    }

    @ParameterizedTest
    @MethodSource("clients")
    void aLineOverTheLimitIsAMalformedResponseNotAnOutOfMemoryError(String client) {
        upstream.enqueue(MockResponse.sse("data: " + "x".repeat(SseLines.MAX_LINE_BYTES + 1) + "\n\n"));
        SseConnection stream = open(client);

        assertThatThrownBy(() -> stream.next(TIMEOUT))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("event-stream line longer than");
    }

    @ParameterizedTest
    @MethodSource("clients")
    void anEventOfManyLinesOverTheLimitIsAMalformedResponse(String client) {
        String megabyteLine = "data: " + "y".repeat(1024 * 1024) + "\n";
        upstream.enqueue(
                MockResponse.sse(megabyteLine.repeat(SseConnection.MAX_EVENT_CHARS / (1024 * 1024) + 1) + "\n"));
        SseConnection stream = open(client);

        assertThatThrownBy(() -> stream.next(TIMEOUT))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("event's data over");
    }
}
