package io.mlflowlite.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// POST throughout: the JDK client may retry an idempotent GET on its own when a connection dies.
@Timeout(20)
class FaultTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @AutoClose
    private final MockLlmServer server = MockLlmServer.start();

    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stopClient() {
        client.shutdownNow();
    }

    @Test
    void resetFailsTheClientWithAnIOExceptionAfterTheRequestIsRecorded() {
        server.enqueue(MockResponse.fault(Fault.RESET));

        assertThatThrownBy(() -> client.send(
                        Requests.post(server.url("/v1/chat"), "{\"a\":1}").build(), BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(server.takeRequest().body()).isEqualTo("{\"a\":1}");
    }

    @Test
    void disconnectFailsTheClientWithAnIOException() {
        server.enqueue(MockResponse.fault(Fault.DISCONNECT));

        assertThatThrownBy(() ->
                        client.send(Requests.post(server.url("/v1/chat"), "{}").build(), BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void resetMidBodyFailsTheClientNeverGivingItACompleteBody() {
        server.enqueue(MockResponse.sse("data: 1\n\n", "data: 2\n\n").faultAfter(1, Fault.RESET));

        // A TCP reset may discard bytes the client's kernel had received but the client had not read yet, so
        // the failure can surface while reading the headers or the body; either way it must be an IOException.
        assertThatThrownBy(() -> {
                    HttpResponse<InputStream> response = client.send(
                            Requests.post(server.url("/v1/chat"), "{}").build(), BodyHandlers.ofInputStream());
                    try (InputStream body = response.body()) {
                        body.readAllBytes();
                    }
                })
                .isInstanceOf(IOException.class);
    }

    @Test
    void stalledRequestTimesOutAtTheClientAndCloseReturnsPromptly() {
        server.enqueue(MockResponse.fault(Fault.STALL));

        assertThatThrownBy(() -> client.send(
                        Requests.post(server.url("/v1/chat"), "{}")
                                .timeout(Duration.ofMillis(200))
                                .build(),
                        BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertTimeoutPreemptively(PROMPTLY, server::close);
    }

    @Test
    void closeEndsAStalledExchangeThatTheClientStillWaitsFor() {
        server.enqueue(MockResponse.fault(Fault.STALL));
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                Requests.post(server.url("/v1/chat"), "{}")
                        .timeout(Duration.ofMinutes(1))
                        .build(),
                BodyHandlers.ofString());
        server.takeRequest();

        assertTimeoutPreemptively(PROMPTLY, server::close);

        assertThatThrownBy(() -> pending.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }
}
