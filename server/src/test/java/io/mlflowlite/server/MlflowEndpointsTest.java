package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.routing.Destination;
import io.mlflowlite.routing.Endpoint;
import io.mlflowlite.routing.EndpointType;
import io.mlflowlite.routing.Route;
import io.mlflowlite.routing.RoutingConfig;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MLflow AI Gateway's own endpoints API, over simulated models, as MLflow's deployments client calls it. */
class MlflowEndpointsTest {
    private static RoutingConfig config(int endpoints) {
        List<Endpoint> list = new ArrayList<>();
        list.add(Endpoint.chat("chat", "mock", "echo"));
        list.add(Endpoint.builder("complete")
                .type(EndpointType.COMPLETIONS)
                .model("mock", "echo")
                .build());
        list.add(Endpoint.builder("embed")
                .type(EndpointType.EMBEDDINGS)
                .model("mock", "embed")
                .build());
        for (int i = 0; i < endpoints; i++) {
            list.add(Endpoint.chat("extra-" + i, "mock", "echo"));
        }
        return RoutingConfig.of(
                list, List.of(new Route("assistant", EndpointType.CHAT, List.of(new Destination("chat", 100)))));
    }

    private final TestServer t = TestServer.start(g -> g.routing(config(60)), s -> {});

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void chatInvocationsAnswerInOpenAiShape() {
        HttpResponse<String> r = t.post(
                "/endpoints/chat/invocations",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}],\"temperature\":0.1}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.read(r.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("ping");
        assertThat(r.headers().firstValue("x-mlflowlite-trace-id")).isPresent();
    }

    @Test
    void aRouteIsInvocableLikeAnEndpoint() {
        HttpResponse<String> r = t.post(
                "/endpoints/assistant/invocations", "{\"messages\":[{\"role\":\"user\",\"content\":\"via route\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.read(r.body()).at("/choices/0/message/content").asText())
                .isEqualTo("via route");
    }

    @Test
    void completionsInvocationsTakeAPromptAndAnswerTextCompletions() {
        HttpResponse<String> r = t.post("/endpoints/complete/invocations", "{\"prompt\":\"Once upon a time\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Json.read(r.body());
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.at("/choices/0/text").asText()).isEqualTo("Once upon a time");
        assertThat(body.at("/usage/total_tokens").asInt()).isPositive();

        HttpResponse<String> missing = t.post("/endpoints/complete/invocations", "{\"text\":\"x\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("\"param\":\"prompt\"");
    }

    @Test
    void embeddingsInvocationsReturnOneVectorPerInput() {
        HttpResponse<String> r = t.post("/endpoints/embed/invocations", "{\"input\":[\"a\",\"b\"]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.read(r.body()).path("data")).hasSize(2);
    }

    @Test
    void unknownEndpointsAre404sNamingTheConfiguredOnes() {
        HttpResponse<String> r = t.post("/endpoints/nope/invocations", "{\"messages\":[]}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("endpoint_not_found").contains("chat, complete, embed");
    }

    @Test
    void listingPagesThroughEveryEndpointAndGetDescribesOne() {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            HttpResponse<String> page = t.get("/api/2.0/endpoints/" + (token == null ? "" : "?page_token=" + token));
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = Json.read(page.body());
            body.path("endpoints").forEach(e -> names.add(e.path("name").asText()));
            token = body.has("next_page_token") ? body.path("next_page_token").asText() : null;
        } while (token != null);

        assertThat(names).hasSize(63).startsWith("chat", "complete", "embed").doesNotHaveDuplicates();
        JsonNode one = Json.read(t.get("/api/2.0/endpoints/embed").body());
        assertThat(one.path("endpoint_type").asText()).isEqualTo("llm/v1/embeddings");
        assertThat(one.at("/model/provider").asText()).isEqualTo("mock");
        assertThat(one.path("endpoint_url").asText()).isEqualTo("/endpoints/embed/invocations");
        assertThat(t.get("/api/2.0/endpoints/nope").statusCode()).isEqualTo(404);
    }
}
