package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.TraceQuery;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A request the shutdown grace cut still leaves its trace in the store by the time stop() returns. */
class ShutdownTracesTest {
    private static final String ASK =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void theTraceOfARequestCutByTheShutdownGraceIsStoredBeforeStopReturns() throws Exception {
        try (TestServer t = TestServer.start(s -> s.shutdownGracePeriod(Duration.ofMillis(100)))) {
            t.upstream.enqueue(MockResponse.fault(Fault.STALL));
            CompletableFuture<HttpResponse<String>> stuck =
                    CompletableFuture.supplyAsync(() -> t.post("/v1/chat/completions", ASK));
            TestServer.await(
                    "the request to reach the upstream", Duration.ofSeconds(10), () -> t.upstream.requestCount() == 1);

            t.server.stop();

            assertThat(t.store.search(TraceQuery.builder().build()).traces())
                    .as("traces stored when stop() returned")
                    .hasSize(1);
            TestServer.await("the cut client to finish", Duration.ofSeconds(10), stuck::isDone);
        }
    }
}
