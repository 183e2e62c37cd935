package io.mlflowlite.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.pipeline.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Swapping the configuration while calls run: no call fails, later calls use the new one, running ones the old. */
class HotSwapTest {
    private static final Duration AWAIT = Duration.ofSeconds(30);

    /** One call's result: whether it started after the final swap, and which model served it (or its failure). */
    private record Served(boolean afterFinalSwap, String model, Throwable failure) {}

    @Test
    void swappingUnderConcurrentLoadFailsNoCallAndEveryLaterCallUsesTheNewSplit() throws Exception {
        RoutingConfig split = SimulatedGateways.fixture("mock-split-70-30.yaml");
        RoutingConfig allStrong = SimulatedGateways.fixture("mock-all-strong.yaml");
        Queue<Served> served = new ConcurrentLinkedQueue<>();
        AtomicBoolean finalSwapDone = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch warmedUp = new CountDownLatch(400);
        CountDownLatch afterSwap = new CountDownLatch(400);
        try (Gateway gateway = SimulatedGateways.instant().routing(split).build();
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                callers.submit(() -> {
                    while (!stop.get()) {
                        boolean after = finalSwapDone.get(); // read before the call starts
                        try {
                            ChatResponse r = gateway.completion(ChatRequest.of("chat", "hello"));
                            served.add(new Served(after, r.model(), null));
                        } catch (Throwable e) {
                            served.add(new Served(after, null, e));
                        }
                        warmedUp.countDown();
                        if (after) {
                            afterSwap.countDown();
                        }
                    }
                });
            }
            assertThat(warmedUp.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            for (int swap = 0; swap < 50; swap++) {
                gateway.reconfigure(swap % 2 == 0 ? allStrong : split);
            }
            gateway.reconfigure(allStrong);
            finalSwapDone.set(true);
            assertThat(afterSwap.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            stop.set(true);
        }

        assertThat(served).extracting(Served::failure).containsOnlyNulls();
        assertThat(served)
                .filteredOn(s -> !s.afterFinalSwap())
                .extracting(Served::model)
                .contains("mini", "pro");
        assertThat(served)
                .filteredOn(Served::afterFinalSwap)
                .hasSizeGreaterThanOrEqualTo(400)
                .extracting(Served::model)
                .containsOnly("pro");
    }

    @Test
    void aCallInFlightFinishesOnTheConfigurationItStartedWith() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Interceptor holdFirstCall = new Interceptor() {
            @Override
            public io.mlflowlite.chat.ChatResponse intercept(Chain chain) {
                if (calls.getAndIncrement() == 0) {
                    inFlight.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return chain.proceed(chain.request());
            }
        };
        try (Gateway gateway = SimulatedGateways.instant()
                        .interceptor(holdFirstCall)
                        .endpoints(Endpoint.chat("chat", "mock", "mini"))
                        .build();
                ExecutorService caller = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ChatResponse> first = caller.submit(() -> gateway.completion(ChatRequest.of("chat", "first")));
            assertThat(inFlight.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            gateway.reconfigure(RoutingConfig.of(List.of(Endpoint.chat("chat", "mock", "pro")), List.of()));
            ChatResponse second = gateway.completion(ChatRequest.of("chat", "second"));
            release.countDown();

            assertThat(first.get(AWAIT.toSeconds(), TimeUnit.SECONDS).model()).isEqualTo("mini");
            assertThat(second.model()).isEqualTo("pro");
        }
    }
}
