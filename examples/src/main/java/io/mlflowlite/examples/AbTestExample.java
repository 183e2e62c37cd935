package io.mlflowlite.examples;

import io.mlflowlite.chat.Message;
import io.mlflowlite.eval.EvalRow;
import io.mlflowlite.eval.SimulatedDatasets;
import io.mlflowlite.experiments.AbResult;
import io.mlflowlite.experiments.AbTest;
import io.mlflowlite.experiments.AbVariant;
import io.mlflowlite.experiments.ExperimentRuntime;
import io.mlflowlite.experiments.ExperimentStrategyProvider;
import io.mlflowlite.experiments.InMemoryExperimentStore;
import io.mlflowlite.experiments.Unit;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.mock.MockModels;
import io.mlflowlite.tracing.InMemoryTraceStore;
import io.mlflowlite.tracing.Tracing;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * An A/B test of today's model against the new one on support-ticket classification, where the simulated world
 * makes the new one worse (docs/simulated-world.md). Each simulated user asks one ticket and gives feedback —
 * "correct" or not, as a user who knows the ticket's category would — and the report compares the variants with
 * always-valid intervals. Offline: simulated models, experiments and traces in memory.
 */
public final class AbTestExample {
    private AbTestExample() {}

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        try (ExperimentRuntime experiments =
                        new ExperimentRuntime(new InMemoryExperimentStore(), Duration.ofSeconds(2));
                Tracing tracing = Tracing.builder()
                        .store(new InMemoryTraceStore(10_000))
                        .spillDir(Files.createTempDirectory("spill"))
                        .build();
                Gateway gateway = Gateway.builder()
                        .mockModels(MockModels.bundled().withLatencyScale(0))
                        .tracing(tracing)
                        .routeStrategy(new ExperimentStrategyProvider(experiments, Clock.systemUTC()))
                        .build()) {
            AbTest test = AbTest.create(
                    gateway,
                    experiments,
                    "ticket-triage",
                    Unit.USER,
                    List.of(AbVariant.of("current", "mock/pro"), AbVariant.of("next", "mock/next")));
            List<EvalRow> tickets = SimulatedDatasets.load("classification").rows();
            for (int user = 0; user < users; user++) {
                EvalRow ticket = tickets.get(user % tickets.size());
                String question = ticket.inputs().get("question") + "\nAnswer with the category only.";
                AbResult result = test.run("user-" + user, List.of(Message.user(question)));
                String expected = String.valueOf(ticket.expectations().get("expected_response"));
                boolean correct = result.content()
                        .strip()
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains(expected);
                gateway.logFeedback(result.response().traceId().orElseThrow(), "correct", correct, null);
            }
            test.printReport();
        }
    }
}
