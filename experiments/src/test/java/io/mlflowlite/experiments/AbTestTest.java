package io.mlflowlite.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Message;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.routing.RoutingConfigException;
import io.mlflowlite.routing.RoutingConfigLoader;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A/B tests from the library and from the gateway configuration: sticky, weighted, recorded on traces. */
class AbTestTest {
    @TempDir
    Path spill;

    private final InMemoryTraceStore traces = new InMemoryTraceStore(1000);
    private final ExperimentRuntime runtime = new ExperimentRuntime(new InMemoryExperimentStore(), Duration.ofHours(1));
    private Tracing tracing;
    private Gateway gateway;

    private Gateway gateway() {
        tracing = Tracing.builder().store(traces).spillDir(spill).build();
        gateway = Gateway.builder()
                .env(Map.of())
                .tracing(tracing)
                .mockModels(MockModels.bundled().withLatencyScale(0))
                .routeStrategy(new ExperimentStrategyProvider(runtime, Clock.systemUTC()))
                .build();
        return gateway;
    }

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
            tracing.close();
        }
        runtime.close();
    }

    @Test
    void aUserKeepsTheirVariantAndTheSplitFollowsTheWeights() {
        AbTest test = AbTest.create(
                gateway(),
                runtime,
                "greeting",
                Unit.USER,
                List.of(AbVariant.of("control", "mock/mini").withPercent(70), AbVariant.of("candidate", "mock/pro")));
        assertThat(test.experiment().variants()).extracting(Variant::weightBps).containsExactly(7000, 3000);

        Map<String, Integer> counts = new HashMap<>();
        for (int user = 0; user < 400; user++) {
            AbResult first = test.run("user-" + user, List.of(Message.user("hi")));
            AbResult again = test.run("user-" + user, List.of(Message.user("hello again")));
            assertThat(again.variant()).isEqualTo(first.variant());
            assertThat(first.response().model()).contains(first.variant().equals("control") ? "mini" : "pro");
            counts.merge(first.variant(), 1, Integer::sum);
        }
        assertThat(counts.get("candidate")).isBetween(80, 160); // 30 % of 400 = 120, ± 4 standard deviations
    }

    @Test
    void theVariantIsATraceTagAndAResponseLabel() {
        AbTest test = AbTest.create(
                gateway(),
                runtime,
                "tagged",
                Unit.USER,
                List.of(AbVariant.of("control", "mock/mini"), AbVariant.of("candidate", "mock/pro")));
        AbResult result = test.run("u-1", List.of(Message.user("hi")));

        assertThat(result.response().labels())
                .containsEntry("experiment", "tagged")
                .containsEntry("variant", result.variant());
        tracing.flush(Duration.ofSeconds(5));
        Trace trace = traces.get(result.response().traceId().orElseThrow()).orElseThrow();
        assertThat(trace.info().tags())
                .containsEntry(Experiments.EXPERIMENT_TAG, "tagged")
                .containsEntry(Experiments.VARIANT_TAG, result.variant());
    }

    @Test
    void theReportComparesVariantsOnTheScoresLoggedOnTheirTraces() {
        AbTest test = AbTest.create(
                gateway(),
                runtime,
                "scored",
                Unit.USER,
                List.of(AbVariant.of("control", "mock/mini"), AbVariant.of("candidate", "mock/pro")));
        for (int user = 0; user < 300; user++) {
            AbResult r = test.run("user-" + user, List.of(Message.user("hi")));
            // the candidate is always right, the control right one time in two
            boolean correct = r.variant().equals("candidate") || user % 2 == 0;
            tracing.flush(Duration.ofSeconds(5));
            traces.logAssessment(
                    r.response().traceId().orElseThrow(),
                    io.mlflowlite.chat.Feedback.of("correct", correct, null, "test"));
        }
        ExperimentReport report = test.report();

        assertThat(report.variants().get("candidate").score("correct").mean()).isEqualTo(1.0);
        assertThat(report.comparisons().get("candidate").get(0).metric()).isEqualTo("correct");
        assertThat(report.decision("candidate").verdict()).isEqualTo(io.mlflowlite.experiments.stats.Verdict.WINNER);
        assertThat(report.json()
                        .path("comparisons")
                        .path("candidate")
                        .path("decision")
                        .asText())
                .isEqualTo("winner");
    }

    @Test
    void aClientCallingTheRouteByNameIsAssignedTheSameWay() {
        AbTest test = AbTest.create(
                gateway(),
                runtime,
                "by-name",
                Unit.USER,
                List.of(AbVariant.of("control", "mock/mini"), AbVariant.of("candidate", "mock/pro")));
        for (int user = 0; user < 50; user++) {
            ChatResponse viaGateway = gateway.completion(ChatRequest.builder()
                    .model("by-name")
                    .user("user-" + user)
                    .messages(List.of(Message.user("hi")))
                    .build());
            assertThat(viaGateway.labels().get("variant"))
                    .isEqualTo(test.run("user-" + user, List.of(Message.user("hi")))
                            .variant());
        }
    }

    @Test
    void aRouteInTheConfigurationCreatesItsExperimentOnce() {
        String yaml = """
                endpoints:
                  - {name: current, endpoint_type: llm/v1/chat, model: {provider: mock, name: mini}}
                  - {name: next, endpoint_type: llm/v1/chat, model: {provider: mock, name: pro}}
                routes:
                  - name: assistant
                    task_type: llm/v1/chat
                    routing_strategy: experiment
                    strategy_config: {unit: session}
                    destinations: [{name: current, traffic_percentage: 90}, {name: next, traffic_percentage: 10}]
                """;
        Gateway g = gateway();
        g.reconfigure(RoutingConfigLoader.withEnv(Map.of()).parse(yaml, "gateway.yaml"));
        Experiment created = runtime.store().get("assistant").orElseThrow();
        assertThat(created.unit()).isEqualTo(Unit.SESSION);
        assertThat(created.variants()).extracting(Variant::weightBps).containsExactly(9000, 1000);

        g.reconfigure(RoutingConfigLoader.withEnv(Map.of()).parse(yaml, "gateway.yaml")); // a reload keeps it
        assertThat(runtime.store().get("assistant").orElseThrow().version()).isEqualTo(1);
        assertThat(runtime.store().transitions("assistant")).hasSize(1);

        assertThatThrownBy(() -> g.reconfigure(RoutingConfigLoader.withEnv(Map.of())
                        .parse(
                                yaml.replace("{name: next, traffic_percentage: 10}", "{name: current2}")
                                        .replace(
                                                "endpoints:\n",
                                                "endpoints:\n  - {name: current2, endpoint_type: llm/v1/chat, model: {provider: mock, name: pro}}\n"),
                                "gateway.yaml")))
                .isInstanceOf(RoutingConfigException.class)
                .hasMessageContaining("an experiment keeps its variants");
    }

    @Test
    void badVariantsAreRefusedWithTheReason() {
        Gateway g = gateway();
        assertThatThrownBy(() -> AbTest.create(g, runtime, "x", Unit.USER, List.of(AbVariant.of("a", "mock/mini"))))
                .hasMessageContaining("at least two variants");
        assertThatThrownBy(() -> AbTest.create(
                        g,
                        runtime,
                        "x",
                        Unit.USER,
                        List.of(
                                AbVariant.of("a", "mock/mini").withPercent(80),
                                AbVariant.of("b", "mock/pro").withPercent(30))))
                .hasMessageContaining("add up to 110");
    }
}
