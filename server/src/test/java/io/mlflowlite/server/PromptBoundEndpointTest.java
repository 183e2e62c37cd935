package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.prompt.PromptDraft;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An endpoint of the gateway file bound to a prompt alias: HTTP callers send only variables, the server renders
 * the version the alias points at, and moving the alias changes the answers of the running server.
 */
class PromptBoundEndpointTest {
    private static final String CONFIG = """
            endpoints:
              - name: translate
                endpoint_type: llm/v1/chat
                model: {provider: mock, name: echo}
                prompt: prompts:/translate@production
            """;

    private final PromptRegistry registry = PromptRegistry.inMemory();
    private final TestServer t;

    PromptBoundEndpointTest() {
        registry.register(PromptDraft.builder("translate", PromptTemplate.text("Translate to French: {{text}}"))
                .build());
        registry.register(PromptDraft.builder("translate", PromptTemplate.text("Traduis en français : {{text}}"))
                .build());
        registry.setAlias("translate", "production", 1);
        Path file = write(CONFIG);
        t = TestServer.start(
                g -> g.routingFile(file).promptRegistry(registry).promptCacheTtl(Duration.ofNanos(1)), s -> {});
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void anOpenAiCallerSendsVariablesAndGetsTheAnswerToTheRenderedPrompt() {
        HttpResponse<String> r = t.post(
                "/v1/chat/completions", "{\"model\":\"translate\",\"prompt_variables\":{\"text\":\"good morning\"}}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.read(r.body()).at("/choices/0/message/content").asText())
                .isEqualTo("Translate to French: good morning");
    }

    @Test
    void movingTheAliasChangesTheRunningServersAnswersWithNoRestart() {
        String request = "{\"model\":\"translate\",\"prompt_variables\":{\"text\":\"thank you\"}}";
        assertThat(content(t.post("/v1/chat/completions", request))).isEqualTo("Translate to French: thank you");

        registry.setAlias("translate", "production", 2);

        assertThat(content(t.post("/v1/chat/completions", request))).isEqualTo("Traduis en français : thank you");
    }

    @Test
    void anAnthropicCallerAndAnMlflowCallerGetTheSameRendering() {
        HttpResponse<String> anthropic = t.post(
                "/v1/messages",
                "{\"model\":\"translate\",\"max_tokens\":50,"
                        + "\"prompt_variables\":{\"text\":\"see you\"},\"messages\":[]}");
        HttpResponse<String> mlflow =
                t.post("/endpoints/translate/invocations", "{\"prompt_variables\":{\"text\":\"see you\"}}");

        assertThat(anthropic.statusCode()).as(anthropic.body()).isEqualTo(200);
        assertThat(Json.read(anthropic.body()).at("/content/0/text").asText())
                .isEqualTo("Translate to French: see you");
        assertThat(content(mlflow)).isEqualTo("Translate to French: see you");
    }

    @Test
    void aMissingVariableIsABadRequestNamingIt() {
        HttpResponse<String> r =
                t.post("/v1/chat/completions", "{\"model\":\"translate\",\"prompt_variables\":{\"txt\":\"typo\"}}");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = Json.read(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("prompt_variables");
        assertThat(error.path("message").asText())
                .contains("Missing prompt variable text")
                .contains("txt");
    }

    @Test
    void variablesThatAreNotAnObjectAreABadRequest() {
        HttpResponse<String> r = t.post("/v1/chat/completions", "{\"model\":\"translate\",\"prompt_variables\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.read(r.body()).at("/error/message").asText()).contains("must be an object");
    }

    private static String content(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.read(r.body()).at("/choices/0/message/content").asText();
    }

    private static Path write(String yaml) {
        try {
            Path file = Files.createTempFile("gateway", ".yaml");
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
