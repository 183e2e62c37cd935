package io.mlflowlite.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.error.Attempt;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.ConnectionException;
import io.mlflowlite.error.DeadlineExceededException;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryAndFallbackTest {
    private final FakeTime time = new FakeTime();
    private final ScriptedProvider provider = new ScriptedProvider(time);

    private Gateway gateway(RetryPolicy policy, CircuitBreaker.Policy breaker) {
        return Gateway.builder()
                .env(Map.of())
                .adapter(provider)
                .provider(new ProviderSettings("up", "scripted", null, "http://upstream.invalid/v1", Map.of()))
                .timeSource(time)
                .random(RandomGenerator.of("L64X128MixRandom"))
                .retryPolicy(policy)
                .circuitBreaker(breaker)
                .build();
    }

    private Gateway gateway() {
        return gateway(RetryPolicy.DEFAULT, CircuitBreaker.Policy.DISABLED);
    }

    private static ProviderException serverError() {
        return new ProviderException("up", 500, "server_error", null, "boom", true);
    }

    @Test
    void retriesOn429HonouringRetryAfter() {
        provider.failures(
                "a",
                () -> new RateLimitedException("up", "rate_limit", null, "slow down", Duration.ofSeconds(2)),
                () -> new RateLimitedException("up", "rate_limit", null, "slow down", Duration.ofMillis(1500)));

        ChatResponse response = gateway().completion(ChatRequest.of("up/a", "hi"));

        assertThat(response.content()).isEqualTo("answer from a");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(1500));
        assertThat(response.attempts())
                .extracting(Attempt::outcome)
                .containsExactly(Attempt.Outcome.FAILED, Attempt.Outcome.FAILED, Attempt.Outcome.SUCCESS);
        assertThat(response.attempts().get(0).status()).isEqualTo(429);
        assertThat(response.attempts().get(1).backoff()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterBeyondTheCapFallsBackToJitteredBackoff() {
        provider.failures("a", () -> new RateLimitedException("up", null, null, "later", Duration.ofMinutes(5)));

        gateway().completion(ChatRequest.of("up/a", "hi"));

        assertThat(time.sleeps).hasSize(1);
        assertThat(time.sleeps.get(0)).isLessThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void backoffIsExponentialWithFullJitterAndCapped() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(60));
        for (int i = 0; i < 6; i++) {
            provider.failures("a", RetryAndFallbackTest::serverError);
        }

        gateway(policy, CircuitBreaker.Policy.DISABLED).completion(ChatRequest.of("up/a", "hi"));

        assertThat(time.sleeps).hasSize(6);
        long[] caps = {500, 1000, 2000, 4000, 4000, 4000};
        for (int i = 0; i < caps.length; i++) {
            assertThat(time.sleeps.get(i)).isBetween(Duration.ZERO, Duration.ofMillis(caps[i]));
        }
        // full jitter spreads waits: not every wait sits at its cap
        assertThat(time.sleeps).anySatisfy(d -> assertThat(d).isLessThan(Duration.ofMillis(1900)));
    }

    @Test
    void neverRetriesClientErrors() {
        for (int status : new int[] {400, 401, 403, 404}) {
            ScriptedProvider fresh = new ScriptedProvider(time);
            fresh.failures("a", () -> new ProviderException("up", status, "invalid_request_error", null, "bad", false));
            Gateway gateway = Gateway.builder()
                    .env(Map.of())
                    .adapter(fresh)
                    .timeSource(time)
                    .provider(new ProviderSettings("up", "scripted", null, "http://upstream.invalid", Map.of()))
                    .build();

            assertThatThrownBy(() -> gateway.completion(ChatRequest.of("up/a", "hi")))
                    .isInstanceOf(ProviderException.class)
                    .satisfies(e -> assertThat(((ProviderException) e).status()).isEqualTo(status));
            assertThat(fresh.calls).containsExactly("a");
        }
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void retriesConnectionFailuresAndTimeouts() {
        provider.failures(
                "a",
                () -> new ConnectionException("reset", null),
                () -> new AttemptTimeoutException("up", Duration.ofSeconds(1), null));

        ChatResponse response = gateway().completion(ChatRequest.of("up/a", "hi"));

        assertThat(provider.calls).containsExactly("a", "a", "a");
        assertThat(response.attempts()).hasSize(3);
    }

    @Test
    void fallsBackInOrderEachWithItsOwnRetries() {
        provider.failures(
                "a",
                RetryAndFallbackTest::serverError,
                RetryAndFallbackTest::serverError,
                RetryAndFallbackTest::serverError);
        provider.failures("b", () -> new ProviderException("up", 401, "auth", null, "bad key", false));

        ChatResponse response = gateway()
                .completion(ChatRequest.builder()
                        .model("up/a")
                        .addUserMessage("hi")
                        .fallbackModels("up/b", "up/c")
                        .build());

        assertThat(response.content()).isEqualTo("answer from c");
        assertThat(provider.calls).containsExactly("a", "a", "a", "b", "c");
        assertThat(response.attempts())
                .extracting(Attempt::model)
                .containsExactly("up/a", "up/a", "up/a", "up/b", "up/c");
        assertThat(response.attempts().get(3).status()).isEqualTo(401);
        assertThat(response.attempts().get(3).errorMessage())
                .hasValueSatisfying(m -> assertThat(m).contains("bad key"));
    }

    @Test
    void unusableFallbackIsSkippedWithItsReason() {
        provider.failures("a", RetryAndFallbackTest::serverError);
        ChatRequest request = ChatRequest.builder()
                .model("up/a")
                .addUserMessage("hi")
                .maxRetries(0)
                .fallbackModels("openai/gpt-4o", "up/c")
                .build();

        ChatResponse response = gateway().completion(request);

        assertThat(response.attempts())
                .extracting(Attempt::outcome)
                .containsExactly(Attempt.Outcome.FAILED, Attempt.Outcome.SKIPPED, Attempt.Outcome.SUCCESS);
        assertThat(response.attempts().get(1).error()).contains("OPENAI_API_KEY");
    }

    @Test
    void whenEverythingFailsTheLastFailureCarriesEveryAttempt() {
        for (int i = 0; i < 3; i++) {
            provider.failures("a", RetryAndFallbackTest::serverError);
        }

        assertThatThrownBy(() -> gateway().completion(ChatRequest.of("up/a", "hi")))
                .isInstanceOf(ProviderException.class)
                .satisfies(e -> assertThat(((MlflowliteException) e).attempts()).hasSize(3));
    }

    @Test
    void circuitOpensAfterConsecutiveFailuresThenProbesAfterCooldown() {
        Gateway gateway =
                gateway(RetryPolicy.DEFAULT.withMaxRetries(0), new CircuitBreaker.Policy(3, Duration.ofSeconds(30)));
        for (int i = 0; i < 3; i++) {
            provider.failures("a", RetryAndFallbackTest::serverError);
            assertThatThrownBy(() -> gateway.completion(ChatRequest.of("up/a", "hi")))
                    .isInstanceOf(ProviderException.class);
        }
        assertThat(gateway.circuitState("up/a")).isEqualTo(CircuitBreaker.State.OPEN);

        // open: the call is not sent, and the fallback serves it
        ChatResponse served = gateway.completion(ChatRequest.builder()
                .model("up/a")
                .addUserMessage("hi")
                .fallbackModels("up/b")
                .build());
        assertThat(served.content()).isEqualTo("answer from b");
        assertThat(served.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED);
        assertThat(provider.calls).containsExactly("a", "a", "a", "b");

        // after the cooldown one probe goes through and closes the breaker on success
        time.advance(Duration.ofSeconds(31));
        assertThat(gateway.completion(ChatRequest.of("up/a", "hi")).content()).isEqualTo("answer from a");
        assertThat(gateway.circuitState("up/a")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void failedProbeReopensTheCircuit() {
        Gateway gateway =
                gateway(RetryPolicy.DEFAULT.withMaxRetries(0), new CircuitBreaker.Policy(1, Duration.ofSeconds(10)));
        provider.failures("a", RetryAndFallbackTest::serverError, RetryAndFallbackTest::serverError);
        assertThatThrownBy(() -> gateway.completion(ChatRequest.of("up/a", "hi")));
        time.advance(Duration.ofSeconds(11));
        assertThatThrownBy(() -> gateway.completion(ChatRequest.of("up/a", "hi")))
                .isInstanceOf(ProviderException.class);

        assertThat(gateway.circuitState("up/a")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(provider.calls).hasSize(2);
    }

    @Test
    void deadlineStopsRetryingInsteadOfSleepingPastIt() {
        provider.failures("a", () -> new RateLimitedException("up", null, null, "wait", Duration.ofSeconds(5)));

        assertThatThrownBy(() -> gateway()
                        .completion(ChatRequest.builder()
                                .model("up/a")
                                .addUserMessage("hi")
                                .deadline(Duration.ofSeconds(3))
                                .build()))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageContaining("3000 ms")
                .hasCauseInstanceOf(RateLimitedException.class);
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void slowAttemptsExhaustTheDeadline() {
        provider.eachAttemptTakes(Duration.ofSeconds(4));
        provider.failures(
                "a",
                () -> new AttemptTimeoutException("up", Duration.ofSeconds(4), null),
                () -> new AttemptTimeoutException("up", Duration.ofSeconds(4), null));

        assertThatThrownBy(() -> gateway(RetryPolicy.DEFAULT.withMaxRetries(5), CircuitBreaker.Policy.DISABLED)
                        .completion(ChatRequest.builder()
                                .model("up/a")
                                .addUserMessage("hi")
                                .deadline(Duration.ofSeconds(6))
                                .build()))
                .isInstanceOf(DeadlineExceededException.class);
        assertThat(provider.calls).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void streamIsRetriedBeforeItsFirstChunk() {
        provider.failures("a", RetryAndFallbackTest::serverError);

        try (ChatStream stream = gateway().stream(ChatRequest.of("up/a", "hi"))) {
            List<String> parts = new ArrayList<>();
            stream.forEach(chunk -> parts.add(chunk.content()));
            assertThat(String.join("", parts)).isEqualTo("part1 part2 part3 ");
            ChatResponse whole = stream.response();
            assertThat(whole.content()).isEqualTo("part1 part2 part3 ");
            assertThat(whole.usage().completionTokens()).isEqualTo(3);
            assertThat(whole.attempts()).hasSize(2);
        }
    }

    @Test
    void streamIsNotRetriedAfterItsFirstChunk() {
        provider.failures("a#mid-stream", () -> new ConnectionException("reset mid-stream", null));

        ChatStream stream = gateway().stream(ChatRequest.of("up/a", "hi"));
        List<ChatChunk> seen = new ArrayList<>();
        assertThatThrownBy(() -> stream.forEach(seen::add)).isInstanceOf(ConnectionException.class);

        assertThat(seen).hasSize(1);
        assertThat(provider.calls).containsExactly("a");
    }

    @Test
    void missingKeyNamesTheVariableToSet() {
        assertThatThrownBy(() -> gateway().completion(ChatRequest.of("claude-sonnet-4-5", "hi")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ANTHROPIC_API_KEY");
        assertThat(provider.calls).isEmpty();
    }
}
