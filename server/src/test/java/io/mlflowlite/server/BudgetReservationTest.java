package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.limits.InMemoryKeyStore;
import io.mlflowlite.limits.InMemoryUsageCounter;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.Limiter;
import io.mlflowlite.provider.openai.OpenAiWire;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A budget that rejects holds each call's worst-case cost while the call runs, so parallel calls cannot all pass
 * against the same remainder (docs/keys-and-limits.md states the bound these tests check).
 */
class BudgetReservationTest {
    private static final String ADMIN = "admin-key-for-tests-0123456789";
    private static final String BODY = "{\"model\":\"mock/mini\",\"max_tokens\":40,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";

    private final KeyService keys = KeyService.of(new InMemoryKeyStore());
    private final Limiter limiter = Limiter.of(new InMemoryUsageCounter());
    private final TestServer t = TestServer.start(s -> s.apiKeys(keys, limiter).adminKey(ADMIN));

    @AfterEach
    void close() {
        t.close();
        limiter.close();
    }

    @Test
    void fiftyParallelRequestsSpendNoMoreThanTheBudgetPlusWhatCallsCostBeyondTheirWorstCase() throws Exception {
        BigDecimal worstCase = t.gateway.worstCaseCost(OpenAiWire.parseRequest(Json.read(BODY)));
        BigDecimal budget = worstCase.multiply(BigDecimal.valueOf(5)); // room for five calls at their worst
        JsonNode key = createKey(budget);

        List<HttpResponse<String>> answers =
                parallel(50, () -> chat(key.path("key").asText(), BODY));
        limiter.awaitIdle(Duration.ofSeconds(10));

        BigDecimal charged = BigDecimal.ZERO;
        BigDecimal beyondWorstCase = BigDecimal.ZERO;
        int admitted = 0;
        for (HttpResponse<String> answer : answers) {
            if (answer.statusCode() == 200) {
                admitted++;
                BigDecimal cost = new BigDecimal(
                        answer.headers().firstValue("x-mlflowlite-cost-usd").orElseThrow());
                charged = charged.add(cost);
                beyondWorstCase = beyondWorstCase.add(cost.subtract(worstCase).max(BigDecimal.ZERO));
            } else {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
                assertThat(Json.read(answer.body()).at("/error/code").asText()).isEqualTo("budget_exceeded");
                assertThat(answer.headers().firstValue("retry-after")).isPresent();
            }
        }
        BigDecimal spent = spend(key.path("id").asText());
        assertThat(admitted).as("some calls fit the budget").isPositive();
        assertThat(spent).as("the key's spend is what its calls cost").isEqualByComparingTo(charged);
        assertThat(spent)
                .as("%d calls admitted of 50; budget %s, worst case %s each", admitted, budget, worstCase)
                .isLessThanOrEqualTo(budget.add(beyondWorstCase));
        assertThat(beyondWorstCase)
                .as("mock/mini honours max_tokens and counts tokens as the gateway does")
                .isZero();
    }

    @Test
    void aRequestWhoseWorstCaseExceedsWhatIsLeftIsRefusedSayingWhatTheBudgetIsAndHowToGetMore() {
        JsonNode key = createKey(new BigDecimal("0.001"));
        String huge = "{\"model\":\"mock/mini\",\"max_tokens\":100000,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Write a long story.\"}]}";

        HttpResponse<String> refused = chat(key.path("key").asText(), huge);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        JsonNode error = Json.read(refused.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("insufficient_quota");
        assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
        assertThat(error.path("message").asText())
                .contains("may cost up to $0.06") // 100,000 output tokens at $0.60 per million, plus the prompt
                .contains("$0.001 of the $0.001 per day budget is left")
                .contains("Lower max_tokens")
                .contains("a key with a larger budget");
        assertThat(spend(key.path("id").asText()))
                .as("the refused reservation was given back")
                .isZero();
        assertThat(chat(key.path("key").asText(), BODY).statusCode())
                .as("a request that fits still runs")
                .isEqualTo(200);
    }

    private JsonNode createKey(BigDecimal budget) {
        HttpResponse<String> created = t.post(
                "/admin/keys",
                "{\"name\":\"small-budget\",\"budget\":{\"usd\":\"" + budget.toPlainString()
                        + "\",\"window\":\"day\"}}",
                "authorization",
                "Bearer " + ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.read(created.body());
    }

    private HttpResponse<String> chat(String key, String body) {
        return t.post("/v1/chat/completions", body, "authorization", "Bearer " + key);
    }

    private BigDecimal spend(String keyId) {
        HttpResponse<String> usage =
                t.send(HttpRequest.newBuilder(URI.create(t.server.url() + "/admin/keys/" + keyId + "/usage"))
                        .header("authorization", "Bearer " + ADMIN)
                        .GET()
                        .build());
        assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
        return new BigDecimal(Json.read(usage.body()).path("spend_usd").asText());
    }

    /** {@code n} calls of {@code call}, released together. */
    private static <T> List<T> parallel(int n, java.util.concurrent.Callable<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }
}
