package io.mlflowlite.provider.mock;

import static io.mlflowlite.provider.mock.MockCalls.ask;
import static io.mlflowlite.provider.mock.MockCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MockAccuracyTest {
    private final MockProvider provider = MockCalls.instantProvider();
    private final List<KnowledgeSet.Fact> facts = KnowledgeSet.bundled().facts();

    @Test
    void accuracyOverTheKnowledgeSetIsCloseToEachModelsSpec() {
        assertThat(accuracy("mini", null)).isBetween(0.60, 0.80);
        assertThat(accuracy("balanced", null)).isBetween(0.77, 0.93);
        assertThat(accuracy("pro", null)).isGreaterThanOrEqualTo(0.90);
        assertThat(accuracy("flaky-without-faults", null)).isBetween(0.70, 0.90);
    }

    @Test
    void accuracyHoldsForOtherSeedsToo() {
        for (long seed = 1; seed <= 3; seed++) {
            assertThat(accuracy("mini", seed)).isBetween(0.60, 0.80);
            assertThat(accuracy("pro", seed)).isGreaterThanOrEqualTo(0.90);
        }
    }

    @Test
    void proGetsRightEveryQuestionMiniGetsRightAndMore() {
        List<Boolean> mini = correctness("mini", 11L);
        List<Boolean> pro = correctness("pro", 11L);
        int proOnly = 0;
        for (int i = 0; i < facts.size(); i++) {
            if (mini.get(i)) {
                assertThat(pro.get(i)).as(facts.get(i).question()).isTrue();
            } else if (pro.get(i)) {
                proOnly++;
            }
        }
        assertThat(proOnly).isPositive();
    }

    private double accuracy(String model, Long seed) {
        return correctness(model, seed).stream().filter(b -> b).count() / (double) facts.size();
    }

    private List<Boolean> correctness(String model, Long seed) {
        MockProvider serving = provider;
        String served = model;
        if (model.equals("flaky-without-faults")) {
            MockModelSpec flaky = MockModels.bundled().require("flaky");
            serving = new MockProvider(MockModels.empty()
                    .withModel(
                            model,
                            flaky.toBuilder()
                                    .rate429(0)
                                    .rate500(0)
                                    .rateTimeout(0)
                                    .latencyScale(0)
                                    .build()));
        }
        List<Boolean> correct = new ArrayList<>();
        for (KnowledgeSet.Fact fact : facts) {
            String reply =
                    serving.chat(call(served, ask(fact.question(), seed))).content();
            correct.add(KnowledgeSetTest.mentions(reply, fact.answer()));
        }
        return correct;
    }
}
