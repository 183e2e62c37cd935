package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code stop()}: readiness off, new work refused, work in flight finished, then the listener closes. */
class GracefulShutdownTest {
    private static final String ASK =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void aSlowRequestInFlightCompletesWhileReadySays503ThenNewConnectionsAreRefused() throws Exception {
        try (TestServer t = TestServer.start()) {
            CountDownLatch release = new CountDownLatch(1);
            t.upstream.setDispatcher(request -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return MockResponse.json(200, Fixtures.text("openai/chat.json"));
            });
            CompletableFuture<HttpResponse<String>> slow =
                    CompletableFuture.supplyAsync(() -> t.post("/v1/chat/completions", ASK));
            TestServer.await(
                    "the slow request to reach the upstream",
                    Duration.ofSeconds(10),
                    () -> t.upstream.requestCount() == 1);

            Thread stopping = Thread.ofVirtual().start(t.server::stop);
            TestServer.await(
                    "/ready to say 503",
                    Duration.ofSeconds(10),
                    () -> t.get("/ready").statusCode() == 503);
            HttpResponse<String> refused = t.post("/v1/chat/completions", ASK);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(TestServer.json(refused).at("/error/code").asText()).isEqualTo("server_shutting_down");
            assertThat(t.get("/health").statusCode()).isEqualTo(200);
            assertThat(slow).isNotDone();
            assertThat(stopping.isAlive()).isTrue();

            release.countDown();

            HttpResponse<String> finished = slow.get(10, TimeUnit.SECONDS);
            assertThat(finished.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(finished)
                            .at("/choices/0/message/content")
                            .asText())
                    .isEqualTo("The capital of France is Paris.");
            assertThat(stopping.join(Duration.ofSeconds(10)))
                    .as("stop() returned after the drain")
                    .isTrue();
            assertThatThrownBy(() -> new Socket("127.0.0.1", t.server.port()).close())
                    .isInstanceOf(ConnectException.class);
            // stop() flushed the trace of the drained request to the store before returning
            String traceId =
                    finished.headers().firstValue("x-mlflowlite-trace-id").orElseThrow();
            assertThat(t.store.get(traceId)).isPresent();
        }
    }

    @Test
    void aRequestStillRunningAtTheDeadlineIsCutSoStopReturns() throws Exception {
        try (TestServer t = TestServer.start(s -> s.shutdownGracePeriod(Duration.ofMillis(100)))) {
            t.upstream.enqueue(MockResponse.fault(Fault.STALL));
            CompletableFuture<HttpResponse<String>> stuck =
                    CompletableFuture.supplyAsync(() -> t.post("/v1/chat/completions", ASK));
            TestServer.await(
                    "the request to reach the upstream", Duration.ofSeconds(10), () -> t.upstream.requestCount() == 1);

            Thread stopping = Thread.ofVirtual().start(t.server::stop);

            assertThat(stopping.join(Duration.ofSeconds(20)))
                    .as("stop() returned despite the stuck request")
                    .isTrue();
            TestServer.await("the stuck client to be answered or cut off", Duration.ofSeconds(10), stuck::isDone);
            if (!stuck.isCompletedExceptionally()) {
                assertThat(stuck.get().statusCode()).isGreaterThanOrEqualTo(500);
            }
        }
    }
}
