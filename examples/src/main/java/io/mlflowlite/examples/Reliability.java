package io.mlflowlite.examples;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.error.Attempt;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.gateway.Gateway;
import java.time.Duration;
import java.util.List;

/**
 * A flaky provider does not take the app down: retries with backoff that honour Retry-After, a fallback
 * chain, per-attempt timeouts and an overall deadline. {@code mock/flaky} fails about a third of its calls.
 */
public final class Reliability {
    public static void main(String[] args) {
        try (Gateway gateway = Gateway.builder()
                .env(System.getenv())
                .maxRetries(2)
                .timeout(Duration.ofSeconds(3))
                .deadline(Duration.ofSeconds(30))
                .fallbackModels(List.of("mock/balanced"))
                .build()) {
            int served = 0;
            for (int i = 0; i < 10; i++) {
                ChatRequest request = ChatRequest.builder()
                        .model("mock/flaky")
                        .addUserMessage("What is the speed of light in km/s? (" + i + ")")
                        .build();
                try {
                    ChatResponse response = gateway.completion(request);
                    served++;
                    Attempt last = response.attempts().get(response.attempts().size() - 1);
                    System.out.printf(
                            "call %d: served by %s after %d attempt(s)%n",
                            i, last.model(), response.attempts().size());
                    for (Attempt attempt : response.attempts()) {
                        attempt.errorMessage().ifPresent(e -> System.out.println("    " + attempt.number() + ". " + e));
                    }
                } catch (MlflowliteException e) {
                    System.out.println("call " + i + " failed: " + e.getMessage());
                }
            }
            System.out.println(served + "/10 served");
        }
    }
}
