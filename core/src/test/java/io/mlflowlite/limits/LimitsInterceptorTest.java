package io.mlflowlite.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.error.AuthenticationException;
import io.mlflowlite.error.PermissionDeniedException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.pipeline.Interceptor;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interceptor through a real {@link Gateway} on the instant simulated model {@code mock/echo}. */
class LimitsInterceptorTest {
    @TempDir
    Path spill;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:15Z"));
    private final KeyService keys =
            KeyService.builder(new InMemoryKeyStore()).timeSource(clock).build();
    private final Limiter limiter =
            Limiter.builder(new InMemoryUsageCounter()).timeSource(clock).build();
    private final InMemoryTraceStore traces = new InMemoryTraceStore(100);
    private final AtomicReference<Admission> seenByLaterStep = new AtomicReference<>();
    private Tracing tracing;
    private Gateway gateway;

    private Gateway gateway(boolean requireKey) throws Exception {
        tracing = Tracing.builder().store(traces).spillDir(spill).build();
        Interceptor later = new Interceptor() {
            @Override
            public ChatResponse intercept(Chain chain) {
                chain.context()
                        .<Admission>attribute(LimitsInterceptor.ADMISSION)
                        .ifPresent(seenByLaterStep::set);
                return chain.proceed(chain.request());
            }
        };
        // mock/echo is free; priced at a cent a token here so budgets fill up
        PriceTable prices = PriceTable.bundled()
                .withOverrides(Path.of(
                        getClass().getResource("/limits/echo-prices.json").toURI()));
        gateway = Gateway.builder()
                .tracing(tracing)
                .prices(prices)
                .interceptor(new LimitsInterceptor(keys, limiter, requireKey))
                .interceptor(later)
                .build();
        return gateway;
    }

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
            tracing.close();
        }
        limiter.close();
    }

    private static ChatRequest ask(VirtualKey key, String text) {
        return ChatRequest.builder()
                .model("mock/echo")
                .addUserMessage(text)
                .maxTokens(50)
                .metadata(LimitsInterceptor.KEY_ID, key.id())
                .build();
    }

    @Test
    void aCallWithoutAKeyIsRefusedWhenKeysAreRequired() throws Exception {
        assertThatThrownBy(() -> gateway(true).completion(ChatRequest.of("mock/echo", "hi")))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("No API key: the request's metadata has no mlflowlite.api_key_id");
        assertThatThrownBy(() -> gateway.completion(ChatRequest.builder()
                        .model("mock/echo")
                        .addUserMessage("hi")
                        .metadata(LimitsInterceptor.KEY_ID, "key-000000000000000000000000")
                        .build()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Unknown API key id");
    }

    @Test
    void aCallWithoutAKeyPassesWhenKeysAreOptional() throws Exception {
        assertThat(gateway(false).completion(ChatRequest.of("mock/echo", "hi")).content())
                .isEqualTo("hi");
    }

    @Test
    void anEndpointTheKeyMayNotUseIsRefused() throws Exception {
        VirtualKey key = keys.create(KeySpec.builder("team-a")
                        .allowedEndpoints("chat", "embed")
                        .build())
                .key();

        assertThatThrownBy(() -> gateway(true).completion(ask(key, "hi")))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("key 'team-a' may not use endpoint 'mock/echo'; allowed: chat, embed");
    }

    @Test
    void rpmIsEnforcedThroughTheGatewayAndTheAdmissionIsInTheContext() throws Exception {
        VirtualKey key = keys.create(KeySpec.builder("team-a").rpm(2).build()).key();
        Gateway gw = gateway(true);

        assertThat(gw.completion(ask(key, "one")).content()).isEqualTo("one");
        assertThat(seenByLaterStep.get().headerMap()).containsEntry("x-ratelimit-remaining-requests", "1");
        gw.completion(ask(key, "two"));
        assertThatThrownBy(() -> gw.completion(ask(key, "three")))
                .isInstanceOf(RateLimitedException.class)
                .satisfies(
                        e -> assertThat(((RateLimitedException) e).retryAfter()).contains(Duration.ofSeconds(45)));

        clock.advance(Duration.ofSeconds(45));
        assertThat(gw.completion(ask(key, "four")).content()).isEqualTo("four");
    }

    @Test
    void theResponsesTokensAndCostAreRecorded() throws Exception {
        VirtualKey key = keys.create(KeySpec.builder("team-a")
                        .tpm(100_000)
                        .budget("10", Period.DAY)
                        .build())
                .key();

        ChatResponse first = gateway(true).completion(ask(key, "count these tokens please"));
        ChatResponse second = gateway.completion(ask(key, "and these"));

        KeyUsage usage = limiter.usage(key);
        assertThat(first.cost().total()).isPositive();
        assertThat(usage.tokens())
                .isEqualTo(first.usage().totalTokens() + second.usage().totalTokens());
        assertThat(usage.spend())
                .isEqualByComparingTo(first.cost().total().add(second.cost().total()));
    }

    @Test
    void aStreamHoldsItsEstimateUntilItCompletesThenRecordsWhatItUsed() throws Exception {
        VirtualKey key = keys.create(KeySpec.builder("team-a")
                        .tpm(100_000)
                        .budget("10", Period.DAY)
                        .build())
                .key();

        ChatResponse response;
        try (ChatStream stream = gateway(true).stream(ask(key, "stream me"))) {
            long reserved = limiter.usage(key).tokens();
            assertThat(reserved).as("prompt estimate plus max_tokens").isGreaterThan(50);
            response = stream.response();
        }

        assertThat(response.usage().totalTokens()).isPositive();
        assertThat(limiter.usage(key).tokens()).isEqualTo(response.usage().totalTokens());
        assertThat(limiter.usage(key).spend())
                .isEqualByComparingTo(response.cost().total());
    }

    @Test
    void aRejectingBudgetStopsCallsBeforeTheirWorstCaseCouldPassIt() throws Exception {
        VirtualKey key = keys.create(
                        KeySpec.builder("team-a").budget("2.00", Period.DAY).build())
                .key();
        Gateway gw = gateway(true);
        // a cent a token: the prompt's tokens plus max_tokens 50, about $0.60, held while each call runs
        java.math.BigDecimal worstCase = gw.worstCaseCost(ask(key, "a few words of input"));

        int served = 0;
        java.math.BigDecimal charged = java.math.BigDecimal.ZERO;
        RateLimitedException refusal = null;
        while (refusal == null && served < 100) {
            try {
                charged = charged.add(
                        gw.completion(ask(key, "a few words of input")).cost().total());
                served++;
            } catch (RateLimitedException e) {
                refusal = e;
            }
        }

        assertThat(served).isBetween(1, 99);
        assertThat(refusal.code()).contains("budget_exceeded");
        assertThat(refusal.providerMessage())
                .contains("it may cost up to $" + worstCase.stripTrailingZeros().toPlainString());
        java.math.BigDecimal spent = limiter.usage(key).spend();
        assertThat(spent).isEqualByComparingTo(charged);
        assertThat(spent).isLessThanOrEqualTo(new java.math.BigDecimal("2.00"));
        assertThat(spent.add(worstCase)).isGreaterThan(new java.math.BigDecimal("2.00"));
    }

    @Test
    void aFailedCallGivesBackItsTokenReservation() throws Exception {
        VirtualKey key =
                keys.create(KeySpec.builder("team-a").tpm(100_000).build()).key();

        assertThatThrownBy(() -> gateway(true)
                        .completion(ChatRequest.builder()
                                .model("mock/no-such-model")
                                .addUserMessage("hi")
                                .metadata(LimitsInterceptor.KEY_ID, key.id())
                                .build()))
                .isInstanceOf(io.mlflowlite.error.InvalidRequestException.class);
        assertThat(limiter.usage(key).tokens()).isZero();
    }

    @Test
    void theKeyIdBecomesATagOfTheTrace() throws Exception {
        VirtualKey key = keys.create(KeySpec.builder("team-a").build()).key();
        ChatResponse r = gateway(true).completion(ask(key, "hi"));
        tracing.flush(Duration.ofSeconds(5));
        assertThat(traces.get(r.traceId().orElseThrow()).orElseThrow().info().tags())
                .containsEntry(LimitsInterceptor.KEY_ID, key.id());
    }
}
