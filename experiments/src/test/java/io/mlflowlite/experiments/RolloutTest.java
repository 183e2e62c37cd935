package io.mlflowlite.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.routing.RoutingConfigException;
import io.mlflowlite.routing.RoutingConfigLoader;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged rollouts through the real gateway, traces and gates, on simulated models whose latencies are scaled down
 * to 0.3 %: a slow candidate is rolled back at its first check, a fast one is promoted stage by stage, and
 * every step is recorded with its evidence.
 */
class RolloutTest {
    @TempDir
    Path spill;

    private final InMemoryTraceStore traces = new InMemoryTraceStore(100_000);
    private final ExperimentRuntime runtime = new ExperimentRuntime(new InMemoryExperimentStore(), Duration.ofHours(1));
    private Tracing tracing;
    private Gateway gateway;

    private static String config(String control, String candidate, String p95Ms) {
        return """
                endpoints:
                  - {name: current, endpoint_type: llm/v1/chat, model: {provider: mock, name: %s}}
                  - {name: next, endpoint_type: llm/v1/chat, model: {provider: mock, name: %s}}
                routes:
                  - name: assistant
                    task_type: llm/v1/chat
                    routing_strategy: experiment
                    strategy_config:
                      unit: request
                      rollout:
                        stages: [10, 50, 100]
                        min_samples: 30
                        min_duration: 0s
                        check_every: 0s
                        gates: {latency_p95_ms: %s, error_rate: 0.2}
                    destinations: [{name: current}, {name: next}]
                """.formatted(control, candidate, p95Ms);
    }

    private Rollouts.Controller start(String yaml) {
        tracing = Tracing.builder().store(traces).spillDir(spill).build();
        gateway = Gateway.builder()
                .env(Map.of())
                .tracing(tracing)
                .mockModels(MockModels.bundled().withLatencyScale(0.003))
                .routeStrategy(new ExperimentStrategyProvider(runtime, Clock.systemUTC()))
                .routing(RoutingConfigLoader.withEnv(Map.of()).parse(yaml, "gateway.yaml"))
                .build();
        return new Rollouts.Controller(runtime, traces, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
            tracing.close();
        }
        runtime.close();
    }

    /**
     * {@code calls} calls of the route, 8 at a time (each mostly waits out its simulated latency), then a flush of
     * their traces; a failed call fails the test.
     */
    private void traffic(int calls) {
        List<Future<?>> sent = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, calls)
                    .forEach(i -> sent.add(
                            callers.submit(() -> gateway.completion(ChatRequest.of("assistant", "What is 2 + 2?")))));
        }
        for (Future<?> call : sent) {
            try {
                call.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError("a call failed", e);
            }
        }
        tracing.flush(Duration.ofSeconds(10));
    }

    @Test
    void aSlowCandidateIsRolledBackAtItsFirstCheckWithTheEvidence() {
        Rollouts.Controller controller = start(config("mini", "pro", "4"));
        assertThat(runtime.current("assistant").orElseThrow().candidate().percent())
                .isEqualTo(10.0);

        traffic(400); // about 40 calls reach the candidate: enough evidence that its p95 (about 10 ms) is far above 4
        // ms
        List<Transition> applied = controller.tick();

        assertThat(applied).extracting(Transition::action).containsExactly(Transition.Action.ROLLBACK);
        Experiment after = runtime.current("assistant").orElseThrow();
        assertThat(after.status()).isEqualTo(Experiment.Status.ROLLED_BACK);
        assertThat(after.candidate().weightBps()).isZero();
        assertThat(applied.get(0).evidence().path("gates").toString()).contains("latency_p95", "fail");

        traffic(50); // now every call is served by the control
        assertThat(gateway.completion(ChatRequest.of("assistant", "hi")).labels())
                .containsEntry("variant", "current");
    }

    @Test
    void aFastCandidateIsPromotedStageByStage() {
        Rollouts.Controller controller = start(config("balanced", "mini", "2000"));
        for (int round = 0;
                round < 6
                        && !runtime.current("assistant").orElseThrow().status().ended();
                round++) {
            traffic(400);
            controller.tick();
        }
        Experiment after = runtime.current("assistant").orElseThrow();
        assertThat(after.status()).isEqualTo(Experiment.Status.PROMOTED);
        assertThat(after.candidate().weightBps()).isEqualTo(Variant.ALL);
        assertThat(runtime.store().transitions("assistant"))
                .extracting(Transition::action)
                .containsExactly(
                        Transition.Action.CREATE,
                        Transition.Action.ADVANCE,
                        Transition.Action.ADVANCE,
                        Transition.Action.PROMOTE);
    }

    @Test
    void aPausedRolloutHoldsUntilResumed() {
        Rollouts.Controller controller = start(config("balanced", "mini", "2000"));
        ExperimentControl control = new ExperimentControl(runtime.store(), Clock.systemUTC());
        control.apply("assistant", ExperimentControl.Action.PAUSE, null, "test", "looking into it");
        runtime.reload();
        traffic(200);
        assertThat(controller.tick()).isEmpty();
        control.apply("assistant", ExperimentControl.Action.RESUME, null, "test", null);
        runtime.reload();
        traffic(800); // resuming restarts the stage: about 80 calls reach the candidate, well over min_samples (30)
        assertThat(controller.tick()).extracting(Transition::action).containsExactly(Transition.Action.ADVANCE);
        assertThatThrownBy(() -> control.apply("assistant", ExperimentControl.Action.RESUME, null, "test", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not paused");
    }

    @Test
    void aBadPlanIsAConfigurationProblemWithItsPath() {
        assertThatThrownBy(() -> start(config("balanced", "mini", "2000").replace("[10, 50, 100]", "[10, 5, 100]")))
                .isInstanceOf(RoutingConfigException.class)
                .hasMessageContaining("routes[0].strategy_config: rollout.stages[1]");
        assertThatThrownBy(() -> start(config("balanced", "mini", "2000").replace("error_rate: 0.2", "eror_rate: 0.2")))
                .isInstanceOf(RoutingConfigException.class)
                .hasMessageContaining("rollout.gates.eror_rate: unknown");
    }
}
