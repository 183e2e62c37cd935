package io.mlflowlite.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BudgetAlertTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:15Z"));
    private final Limiter limiter =
            Limiter.builder(new InMemoryUsageCounter()).timeSource(clock).build();
    private final KeyService keys =
            KeyService.builder(new InMemoryKeyStore()).timeSource(clock).build();
    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void close() {
        receiver.close();
        limiter.close();
    }

    @Test
    void anAlertingBudgetKeepsServingAndPostsOncePerWindowWithoutHoldingTheCall() throws Exception {
        VirtualKey key = keys.create(KeySpec.builder("team-a")
                        .alertingBudget("1", Period.DAY, receiver.url())
                        .metadata("owner", "ana")
                        .build())
                .key();
        receiver.hold();

        limiter.admit(key, "chat", 0).complete(10, new BigDecimal("0.75"));
        assertThat(receiver.bodies()).isEmpty();
        limiter.admit(key, "chat", 0).complete(10, new BigDecimal("0.5"));
        assertThat(receiver.await(1, WAIT)).hasSize(1);
        // the receiver has not answered yet, and calls go on being admitted and settled meanwhile
        for (int i = 0; i < 5; i++) {
            limiter.admit(key, "chat", 0).complete(10, new BigDecimal("0.1"));
        }
        receiver.release();
        assertThat(limiter.awaitIdle(WAIT)).isTrue();

        assertThat(receiver.bodies()).hasSize(1);
        JsonNode alert = Json.read(receiver.bodies().getFirst());
        assertThat(alert.get("type").asText()).isEqualTo("budget.exceeded");
        assertThat(alert.get("key_id").asText()).isEqualTo(key.id());
        assertThat(alert.get("key_name").asText()).isEqualTo("team-a");
        assertThat(alert.get("budget_usd").asText()).isEqualTo("1");
        assertThat(alert.get("spent_usd").asText()).isEqualTo("1.25");
        assertThat(alert.get("window").asText()).isEqualTo("day");
        assertThat(alert.get("window_start").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(alert.get("window_end").asText()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(alert.get("action").asText()).isEqualTo("alert");
        assertThat(limiter.usage(key).spend()).isEqualByComparingTo("1.75");

        clock.advance(Duration.ofDays(1));
        assertThat(limiter.usage(key).spend()).as("a new day starts from zero").isZero();
        limiter.admit(key, "chat", 0).complete(10, new BigDecimal("1"));
        assertThat(limiter.awaitIdle(WAIT)).isTrue();
        assertThat(receiver.await(2, WAIT)).hasSize(2);
        assertThat(Json.read(receiver.bodies().get(1)).get("window_start").asText())
                .isEqualTo("2026-03-02T00:00:00Z");
        assertThat(limiter.stats().alertsSent()).isEqualTo(2);
    }

    @Test
    void aRejectingBudgetWithAWebhookAlsoAlertsOnce() throws Exception {
        VirtualKey key = keys.create(KeySpec.builder("team-a")
                        .budget(new Budget(
                                new BigDecimal("0.5"),
                                Period.MONTH,
                                Budget.Action.REJECT,
                                java.util.Optional.of(receiver.url())))
                        .build())
                .key();

        limiter.admit(key, "chat", 0).complete(10, new BigDecimal("0.5"));
        assertThat(limiter.decide(key, "chat", 0).allowed()).isFalse();
        assertThat(limiter.decide(key, "chat", 0).allowed()).isFalse();
        assertThat(limiter.awaitIdle(WAIT)).isTrue();

        assertThat(receiver.bodies())
                .singleElement()
                .satisfies(body ->
                        assertThat(Json.read(body).get("action").asText()).isEqualTo("reject"));
    }

    @Test
    void aWebhookThatFailsIsCountedNotThrown() {
        URI nowhere = URI.create("http://127.0.0.1:" + freePort() + "/alerts");
        VirtualKey key = keys.create(KeySpec.builder("team-a")
                        .alertingBudget("1", Period.DAY, nowhere)
                        .build())
                .key();

        limiter.admit(key, "chat", 0).complete(10, new BigDecimal("2"));
        assertThat(limiter.decide(key, "chat", 0).allowed()).isTrue();
        assertThat(limiter.awaitIdle(WAIT)).isTrue();

        assertThat(limiter.stats().alertFailures()).isEqualTo(1);
        assertThat(limiter.stats().alertsSent()).isZero();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
