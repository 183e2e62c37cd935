package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.NotFoundException;
import com.openai.models.models.Model;
import io.mlflowlite.routing.Destination;
import io.mlflowlite.routing.Endpoint;
import io.mlflowlite.routing.EndpointType;
import io.mlflowlite.routing.Route;
import io.mlflowlite.routing.RoutingConfig;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/models} as clients read it: the endpoint and route names they send, then the catalog models. */
class ModelsRouteTest {
    private static final RoutingConfig ROUTING = RoutingConfig.of(
            List.of(Endpoint.chat("support-chat", "mock", "echo"), Endpoint.chat("drafts", "openai", "gpt-4o-mini")),
            List.of(new Route("assistant", EndpointType.CHAT, List.of(new Destination("support-chat", 100)))));

    private final TestServer t = TestServer.start(g -> g.routing(ROUTING), s -> {});

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void theListNamesConfiguredEndpointsAndRoutesFirstThenCatalogModels() {
        List<Model> models = t.openAi().models().list().data();

        assertThat(models)
                .extracting(Model::id)
                .startsWith("support-chat", "drafts", "assistant")
                .contains("mock/echo", "gpt-4o-mini");
        assertThat(models)
                .filteredOn(m -> m.id().equals("drafts"))
                .singleElement()
                .satisfies(m -> assertThat(m.ownedBy()).isEqualTo("openai"));
        assertThat(models)
                .filteredOn(m -> m.id().equals("assistant"))
                .singleElement()
                .satisfies(m -> assertThat(m.ownedBy()).isEqualTo("mlflowlite"));
    }

    @Test
    void oneModelIsFoundByIdEvenWithASlashInIt() {
        assertThat(t.openAi().models().retrieve("support-chat").ownedBy()).isEqualTo("mock");
        assertThat(t.openAi().models().retrieve("assistant").id()).isEqualTo("assistant");
        HttpResponse<String> slashed = t.get("/v1/models/mock/echo");
        assertThat(slashed.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(slashed).get("id").asText()).isEqualTo("mock/echo");
        assertThat(TestServer.json(slashed).get("object").asText()).isEqualTo("model");
    }

    @Test
    void anUnknownModelIs404InOpenAiShape() {
        HttpResponse<String> response = t.get("/v1/models/no-such-model");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = TestServer.json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("model_not_found");
        assertThat(error.get("message").asText()).contains("'no-such-model'", "GET /v1/models");
        assertThatThrownBy(() -> t.openAi().models().retrieve("claude-sonnet-4-5"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aReloadedConfigurationShowsAtOnce() {
        t.gateway.reconfigure(RoutingConfig.of(List.of(Endpoint.chat("fresh", "mock", "echo")), List.of()));

        assertThat(t.openAi().models().list().data())
                .extracting(Model::id)
                .contains("fresh")
                .doesNotContain("support-chat", "assistant");
    }
}
