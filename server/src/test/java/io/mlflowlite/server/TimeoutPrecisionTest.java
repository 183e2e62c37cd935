package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.MockResponse;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A hung upstream is answered 504 close to the configured time from a freshly started server's first API request:
 * never before it, and not at a gross multiple of it (the cold first request once took 700–1,100 ms for a
 * 500 ms timeout). The bound is twice the time, so a busy machine does not make it flaky.
 */
class TimeoutPrecisionTest {
    private static final Duration LIMIT = Duration.ofMillis(500);
    private static final String HUNG =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static Duration timed(TestServer t, HttpResponse<String>[] out) {
        // the test's own HTTP client pays its first-use costs here, not in the measured request
        assertThat(t.get("/health").statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        out[0] = t.post("/v1/chat/completions", HUNG);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAttemptTimeoutOnTheFirstRequestFiresWithinTwiceItsTime() {
        try (TestServer t = TestServer.start(g -> g.timeout(LIMIT), s -> {})) {
            t.upstream.enqueue(MockResponse.fault(Fault.STALL));
            HttpResponse<String>[] response = new HttpResponse[1];

            Duration took = timed(t, response);

            assertThat(response[0].statusCode()).isEqualTo(504);
            assertThat(TestServer.json(response[0]).at("/error/code").asText()).isEqualTo("upstream_timeout");
            assertThat(took).isGreaterThanOrEqualTo(LIMIT).isLessThan(LIMIT.multipliedBy(2));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeadlineOnTheFirstRequestFiresWithinTwiceItsTime() {
        try (TestServer t =
                TestServer.start(g -> g.timeout(Duration.ofSeconds(30)).deadline(LIMIT), s -> {})) {
            t.upstream.enqueue(MockResponse.fault(Fault.STALL));
            HttpResponse<String>[] response = new HttpResponse[1];

            Duration took = timed(t, response);

            assertThat(response[0].statusCode()).isEqualTo(504);
            assertThat(took).isGreaterThanOrEqualTo(LIMIT).isLessThan(LIMIT.multipliedBy(2));
        }
    }
}
