package io.mlflowlite.provider.mock;

import static io.mlflowlite.provider.mock.MockCalls.ask;
import static io.mlflowlite.provider.mock.MockCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.error.AttemptTimeoutException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.provider.ProviderCall;
import io.mlflowlite.time.Deadline;
import io.mlflowlite.time.TimeSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MockFaultTest {
    /** Timeout faults wait out the budget, so keep it tiny where many calls are made. */
    private static final Duration TINY_BUDGET = Duration.ofMillis(1);

    private final MockProvider instant = MockCalls.instantProvider();

    @Test
    void flakyFailureRatesRoughlyMatchItsSpecOverManySeededCalls() {
        int calls = 2000;
        Map<String, Integer> outcomes = new HashMap<>();
        for (long seed = 0; seed < calls; seed++) {
            ChatRequest request = ask("What is the capital of Chile?", seed);
            outcomes.merge(outcome(() -> instant.chat(call("flaky", request, TINY_BUDGET))), 1, Integer::sum);
        }
        assertThat(outcomes.get("429") / (double) calls).isBetween(0.09, 0.15);
        assertThat(outcomes.get("500") / (double) calls).isBetween(0.07, 0.13);
        assertThat(outcomes.get("timeout") / (double) calls).isBetween(0.05, 0.11);
        assertThat(outcomes.get("ok") / (double) calls).isBetween(0.65, 0.75);
        assertThat(outcomes).containsOnlyKeys("429", "500", "timeout", "ok");
    }

    @Test
    void rateLimitIsA429WithItsRetryAfterScaledLikeEveryWait() {
        MockModelSpec limited = MockModelSpec.builder()
                .rate429(1.0)
                .retryAfter(Duration.ofSeconds(2))
                .build();
        MockProvider provider = new MockProvider(
                MockModels.empty().withModel("limited", limited).withModel("quick", limited.withLatencyScale(0.25)));

        assertThatThrownBy(() -> provider.chat(call("limited", ask("hi", 1L))))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.provider()).isEqualTo("mock");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                });
        assertThatThrownBy(() -> provider.stream(call("quick", ask("hi", 1L))))
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofMillis(500)));
    }

    @Test
    void serverErrorIsARetryable500() {
        MockProvider provider = new MockProvider(MockModels.empty()
                .withModel(
                        "broken",
                        MockModelSpec.builder().rate500(1.0).latencyScale(0).build()));
        for (Runnable attempt : new Runnable[] {
            () -> provider.chat(call("broken", ask("hi", 1L))), () -> provider.stream(call("broken", ask("hi", 1L)))
        }) {
            assertThatThrownBy(attempt::run)
                    .isExactlyInstanceOf(ProviderException.class)
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.status()).isEqualTo(500);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.type()).contains("server_error");
                    });
        }
    }

    @Test
    void timeoutFaultWaitsOutAShortBudgetThenTimesOut() {
        MockProvider provider = new MockProvider(MockModels.empty()
                .withModel(
                        "stuck",
                        MockModelSpec.builder().rateTimeout(1.0).latencyScale(0).build()));

        assertThatThrownBy(() -> provider.chat(call("stuck", ask("hi", 1L), Duration.ofMillis(50))))
                .isInstanceOf(AttemptTimeoutException.class)
                .hasMessageContaining("within 50 ms");

        Deadline nearDeadline = Deadline.after(TimeSource.SYSTEM, Duration.ofMillis(40));
        ProviderCall clipped =
                new ProviderCall(ask("hi", 1L), MockCalls.deployment("stuck"), Duration.ofSeconds(30), nearDeadline);
        assertThatThrownBy(() -> provider.stream(clipped))
                .isInstanceOfSatisfying(
                        AttemptTimeoutException.class,
                        e -> assertThat(budgetMillis(e.getMessage())).isLessThanOrEqualTo(40));
    }

    @Test
    void aHangLongerThanTheProxyAllowsEndsInARetryable504WhenTheBudgetIsLonger() {
        MockProvider provider = new MockProvider(MockModels.empty()
                .withModel(
                        "stuck",
                        MockModelSpec.builder().rateTimeout(1.0).latencyScale(0).build()));

        assertThatThrownBy(() -> provider.chat(call("stuck", ask("hi", 1L), MockProvider.STALL.plusSeconds(5))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void aResponseSlowerThanTheBudgetTimesOut() {
        MockProvider provider = new MockProvider(MockModels.empty()
                .withModel(
                        "glacial",
                        MockModelSpec.builder()
                                .timeToFirstToken(Duration.ofMinutes(5), Duration.ofMinutes(6), Duration.ofMinutes(5))
                                .build()));
        assertThatThrownBy(() -> provider.chat(call("glacial", ask("hi", 1L), Duration.ofMillis(20))))
                .isInstanceOf(AttemptTimeoutException.class)
                .hasMessageContaining("within 20 ms");
        assertThatThrownBy(() -> provider.stream(call("glacial", ask("hi", 1L), Duration.ofMillis(20)))
                        .next())
                .isInstanceOf(AttemptTimeoutException.class)
                .hasMessageContaining("within 20 ms");
    }

    @Test
    void seededFaultsRepeatExactlyAndUnseededOnesVaryFromCallToCall() {
        for (long seed = 0; seed < 20; seed++) {
            ChatRequest request = ask("What is the capital of Chile?", seed);
            String first = outcome(() -> instant.chat(call("flaky", request, TINY_BUDGET)));
            for (int i = 0; i < 3; i++) {
                assertThat(outcome(() -> instant.chat(call("flaky", request, TINY_BUDGET))))
                        .isEqualTo(first);
            }
        }
        Set<String> unseeded = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            unseeded.add(outcome(
                    () -> instant.chat(call("flaky", ask("What is the capital of Chile?", null), TINY_BUDGET))));
        }
        assertThat(unseeded).contains("ok", "429", "500");
    }

    @Test
    void faultFreeModelsNeverFail() {
        for (long seed = 0; seed < 200; seed++) {
            ChatRequest request = ask("Hello there", seed);
            assertThat(outcome(() -> instant.chat(call("mini", request, TINY_BUDGET))))
                    .isEqualTo("ok");
        }
    }

    private static String outcome(Runnable attempt) {
        try {
            attempt.run();
            return "ok";
        } catch (RateLimitedException e) {
            return "429";
        } catch (ProviderException e) {
            return String.valueOf(e.status());
        } catch (AttemptTimeoutException e) {
            return "timeout";
        }
    }

    private static long budgetMillis(String message) {
        Matcher m = Pattern.compile("within (\\d+) ms").matcher(message);
        assertThat(m.find()).as(message).isTrue();
        return Long.parseLong(m.group(1));
    }
}
