package io.mlflowlite.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.cost.TokenEstimator;
import io.mlflowlite.routing.Destination;
import io.mlflowlite.routing.Endpoint;
import io.mlflowlite.routing.Route;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The most a request can cost, over every model that may serve it. */
class WorstCaseCostTest {
    private final Gateway gateway = Gateway.builder()
            .endpoints(
                    Endpoint.builder("chat")
                            .model("mock", "mini")
                            .fallback("pro")
                            .build(),
                    Endpoint.chat("pro", "mock", "pro"),
                    Endpoint.chat("cheap", "mock", "mini"))
            .routes(Route.split("ab", Destination.of("cheap", 90), Destination.of("pro", 10)))
            .build();

    @AfterEach
    void close() {
        gateway.close();
    }

    private static ChatRequest ask(String model, Integer maxTokens) {
        return ChatRequest.builder()
                .model(model)
                .addUserMessage("What is the capital of France?")
                .maxTokens(maxTokens)
                .build();
    }

    /** {@code model}'s price for the request's prompt tokens and {@code output} tokens. */
    private BigDecimal priced(String model, ChatRequest request, int output) {
        int prompt = TokenEstimator.shared().countMessages(request.messages(), model);
        return gateway.prices().cost(model, Usage.of(prompt, output)).total();
    }

    @Test
    void aModelIsPricedAtItsPromptPlusMaxTokensOfOutput() {
        ChatRequest request = ask("mock/mini", 100);

        assertThat(gateway.worstCaseCost(request)).isEqualByComparingTo(priced("mock/mini", request, 100));
    }

    @Test
    void withoutMaxTokensTheModelsMostOutputTokensFromTheCatalogCount() {
        ChatRequest request = ask("mock/mini", null);
        int most = gateway.catalog().find("mock/mini").orElseThrow().maxOutputTokens();

        assertThat(most).isPositive();
        assertThat(gateway.worstCaseCost(request)).isEqualByComparingTo(priced("mock/mini", request, most));
    }

    @Test
    void anEndpointCountsItsFallbacksAndARouteEveryDestination() {
        ChatRequest viaEndpoint = ask("chat", 100);
        ChatRequest viaRoute = ask("ab", 100);
        BigDecimal pro = priced("mock/pro", viaEndpoint, 100);

        assertThat(pro).isGreaterThan(priced("mock/mini", viaEndpoint, 100));
        assertThat(gateway.worstCaseCost(viaEndpoint))
                .as("its fallback is dearer")
                .isEqualByComparingTo(pro);
        assertThat(gateway.worstCaseCost(viaRoute)).as("10 %% go to mock/pro").isEqualByComparingTo(pro);
        assertThat(gateway.worstCaseCost(ask("cheap", 100)))
                .isEqualByComparingTo(priced("mock/mini", viaEndpoint, 100));
    }

    @Test
    void nChoicesMultiplyTheOutputAndAnUnpricedOrUnknownModelCostsNothing() {
        ChatRequest three = ask("mock/mini", 100).toBuilder().n(3).build();

        assertThat(gateway.worstCaseCost(three)).isEqualByComparingTo(priced("mock/mini", three, 300));
        assertThat(gateway.worstCaseCost(ask("mock/echo", 100))).isZero();
        assertThat(gateway.worstCaseCost(ask("nobody/knows", 100))).isZero();
    }
}
