package io.mlflowlite.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routes split calls over their destinations in proportion to the percentages; the splitter is pluggable. */
class TrafficSplitTest {

    private static List<String> servedBy(Gateway gateway, int calls) {
        List<String> models = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            models.add(
                    gateway.completion(ChatRequest.of("chat", "question " + i)).model());
        }
        return models;
    }

    @Test
    void aRouteSendsEachDestinationItsShareOfTheCalls() {
        try (Gateway gateway = SimulatedGateways.instant()
                .routing(SimulatedGateways.fixture("mock-split-70-30.yaml"))
                .trafficSplitter(TrafficSplitter.weighted(20240611L))
                .build()) {
            List<String> models = servedBy(gateway, 2000);

            long fast = models.stream().filter("mini"::equals).count();
            long strong = models.stream().filter("pro"::equals).count();
            assertThat(fast + strong).isEqualTo(2000);
            // 70% of 2000 is 1400; +-90 is about 4.4 standard deviations of a fair 70/30 coin
            assertThat(fast).isBetween(1310L, 1490L);
        }
    }

    @Test
    void theSameSeedChoosesTheSameDestinationsAndAnotherSeedOthers() {
        RoutingConfig config = SimulatedGateways.fixture("mock-split-70-30.yaml");
        try (Gateway a = SimulatedGateways.instant()
                        .routing(config)
                        .trafficSplitter(TrafficSplitter.weighted(7))
                        .build();
                Gateway b = SimulatedGateways.instant()
                        .routing(config)
                        .trafficSplitter(TrafficSplitter.weighted(7))
                        .build();
                Gateway c = SimulatedGateways.instant()
                        .routing(config)
                        .trafficSplitter(TrafficSplitter.weighted(8))
                        .build()) {
            List<String> first = servedBy(a, 60);

            assertThat(servedBy(b, 60)).isEqualTo(first);
            assertThat(servedBy(c, 60)).isNotEqualTo(first);
            assertThat(first).contains("mini", "pro");
        }
    }

    @Test
    void percentilesMapOntoDestinationsLaidEndToEnd() {
        Route route = Route.split("r", Destination.of("a", 70), Destination.of("off", 0), Destination.of("b", 30));

        assertThat(route.destinationAt(0).name()).isEqualTo("a");
        assertThat(route.destinationAt(69).name()).isEqualTo("a");
        assertThat(route.destinationAt(70).name()).isEqualTo("b");
        assertThat(route.destinationAt(99).name()).isEqualTo("b");
        assertThatThrownBy(() -> route.destinationAt(100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCustomSplitterCanMakeTheChoiceStickyPerUser() {
        TrafficSplitter byUser = (route, request) ->
                route.destinationAt(Math.floorMod(request.user().hashCode(), 100));
        try (Gateway gateway = SimulatedGateways.instant()
                .routing(SimulatedGateways.fixture("mock-split-70-30.yaml"))
                .trafficSplitter(byUser)
                .build()) {
            Map<String, String> firstChoice = new HashMap<>();
            for (int round = 0; round < 3; round++) {
                for (int user = 0; user < 40; user++) {
                    ChatResponse r = gateway.completion(ChatRequest.builder()
                            .model("chat")
                            .user("user-" + user)
                            .addUserMessage("round " + round)
                            .build());
                    assertThat(firstChoice.computeIfAbsent("user-" + user, u -> r.model()))
                            .isEqualTo(r.model());
                }
            }
            assertThat(firstChoice.values()).contains("mini", "pro");
        }
    }
}
