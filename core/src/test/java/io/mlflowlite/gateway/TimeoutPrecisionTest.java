package io.mlflowlite.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.DeadlineExceededException;
import io.mlflowlite.pipeline.CircuitBreaker;
import io.mlflowlite.testing.Fault;
import io.mlflowlite.testing.MockLlmServer;
import io.mlflowlite.testing.MockResponse;
import io.mlflowlite.tracing.Tracing;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An attempt timeout and a deadline against an upstream that accepts and never answers end the call close to
 * their time, on both HTTP clients: never before a timeout's time, and not at a gross multiple of it. The bound is
 * twice the time, so a busy machine does not make it flaky, while a timer that restarted per read or waited for
 * the socket's own timeout would be caught. Each gateway makes one call first: the first call in a JVM pays its
 * one-time class loading around the wait (docs/reliability.md), which is not what is measured here.
 */
class TimeoutPrecisionTest {
    private static final Duration LIMIT = Duration.ofMillis(500);
    private final MockLlmServer upstream = MockLlmServer.start();

    @AfterEach
    void close() {
        upstream.close();
    }

    private Gateway gateway(String client) {
        return Gateway.builder()
                .env(Map.of(
                        "OPENAI_API_KEY",
                        "k",
                        "OPENAI_BASE_URL",
                        upstream.url("/v1"),
                        "MLFLOWLITE_HTTP_CLIENT",
                        client))
                .tracing(Tracing.builder().enabled(false).build())
                .circuitBreaker(CircuitBreaker.Policy.DISABLED)
                .build();
    }

    private void warmUp(Gateway gateway, ChatRequest request) {
        upstream.enqueue(MockResponse.fault(Fault.STALL));
        assertThatThrownBy(() -> gateway.completion(request.toBuilder()
                        .timeout(Duration.ofMillis(50))
                        .deadline(null)
                        .maxRetries(0)
                        .build()))
                .isInstanceOf(AttemptTimeoutException.class);
    }

    private Duration failing(Gateway gateway, ChatRequest request, Class<? extends Throwable> expected) {
        upstream.enqueue(MockResponse.fault(Fault.STALL));
        long start = System.nanoTime();
        assertThatThrownBy(() -> gateway.completion(request)).isInstanceOf(expected);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "jdk"})
    void anAttemptTimeoutEndsTheCallWithinTwiceItsTime(String client) {
        try (Gateway gateway = gateway(client)) {
            ChatRequest request = ChatRequest.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage("hi")
                    .timeout(LIMIT)
                    .maxRetries(0)
                    .build();
            warmUp(gateway, request);
            for (int call = 0; call < 3; call++) {
                assertThat(failing(gateway, request, AttemptTimeoutException.class))
                        .as("call %d", call)
                        .isGreaterThanOrEqualTo(LIMIT)
                        .isLessThan(LIMIT.multipliedBy(2));
            }
        }
    }

    @Test
    void aDeadlineEndsTheCallWithinTwiceItsTimeWhateverTheAttemptTimeout() {
        try (Gateway gateway = gateway("")) {
            ChatRequest request = ChatRequest.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage("hi")
                    .timeout(Duration.ofSeconds(30))
                    .deadline(LIMIT)
                    .maxRetries(3)
                    .build();
            warmUp(gateway, request);
            for (int call = 0; call < 3; call++) {
                assertThat(failing(gateway, request, DeadlineExceededException.class))
                        .as("call %d", call)
                        .isGreaterThanOrEqualTo(LIMIT)
                        .isLessThan(LIMIT.multipliedBy(2));
            }
        }
    }
}
