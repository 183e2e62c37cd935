package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK pointed at the gateway's {@code /v1/messages}: the same pipeline serves it,
 * here with OpenAI playing the upstream (so the translation runs both ways) and a simulated model.
 */
class AnthropicSdkTest {
    private final TestServer t = TestServer.start();
    private final AnthropicClient client = AnthropicOkHttpClient.builder()
            .apiKey("sk-ant-client-of-the-gateway")
            .baseUrl(t.server.url())
            .maxRetries(0)
            .responseValidation(true)
            .build();

    private static final Tool WEATHER = Tool.builder()
            .name("get_weather")
            .description("Current weather in a city")
            .inputSchema(Tool.InputSchema.builder()
                    .properties(JsonValue.from(Map.of("location", Map.of("type", "string"))))
                    .required(List.of("location"))
                    .build())
            .build();

    @AfterEach
    void close() {
        client.close();
        t.close();
    }

    private static String text(Message message) {
        StringBuilder text = new StringBuilder();
        message.content().forEach(block -> block.text().ifPresent(b -> text.append(b.text())));
        return text.toString();
    }

    @Test
    void plainChatThroughAnOpenAiUpstream() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat.json")));

        Message message = client.messages()
                .create(MessageCreateParams.builder()
                        .model("gpt-4o-mini")
                        .maxTokens(256)
                        .system("Be brief.")
                        .addUserMessage("Say hello")
                        .build());

        assertThat(text(message)).isNotEmpty();
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        var sent = t.upstream.takeRequest().jsonBody();
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/1/content").asText()).isEqualTo("Say hello");
    }

    @Test
    void streamingAccumulatesInTheSdk() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages()
                .createStreaming(MessageCreateParams.builder()
                        .model("mock/echo")
                        .maxTokens(256)
                        .addUserMessage("stream me back")
                        .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Message message = accumulator.message();
        assertThat(text(message)).isEqualTo("stream me back");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @Test
    void toolUseRoundTrip() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("openai/chat-tool-call.json")));
        MessageCreateParams ask = MessageCreateParams.builder()
                .model("gpt-4o-mini")
                .maxTokens(256)
                .addTool(WEATHER)
                .addUserMessage("What's the weather in Paris?")
                .build();

        Message message = client.messages().create(ask);

        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = message.content().stream()
                .filter(b -> b.isToolUse())
                .findFirst()
                .orElseThrow()
                .asToolUse();
        assertThat(use.name()).isNotEmpty();
        var sent = t.upstream.takeRequest().jsonBody();
        assertThat(sent.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
    }

    @Test
    void errorsArriveAsTheSdksOwnExceptions() {
        t.upstream.enqueue(
                MockResponse.json(429, Fixtures.text("openai/error-429.json")).header("retry-after", "3"));
        assertThatThrownBy(() -> client.messages()
                        .create(MessageCreateParams.builder()
                                .model("gpt-4o-mini")
                                .maxTokens(16)
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOf(RateLimitException.class);

        assertThatThrownBy(() -> client.messages()
                        .create(MessageCreateParams.builder()
                                .model("gtp-4o")
                                .maxTokens(16)
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("gpt-4o");

        assertThatThrownBy(() -> client.messages()
                        .create(MessageCreateParams.builder()
                                .model("mock/echo")
                                .maxTokens(16)
                                .addUserMessage("hi")
                                .putAdditionalBodyProperty("temperature", JsonValue.from(7.0))
                                .build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("temperature");
    }

    @Test
    void rawErrorsUseAnthropicsShape() {
        var r = t.post(
                "/v1/messages", "{\"model\":\"mock/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body())
                .startsWith("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"")
                .contains("max_tokens");
    }

    @Test
    void aSystemTurnOpeningMessagesIsRefusedAsAnthropicRefusesIt() {
        var r = t.post(
                "/v1/messages",
                "{\"model\":\"mock/echo\",\"max_tokens\":16,\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                        + "{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body())
                .startsWith("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"")
                .contains("messages[0].role")
                .contains("top-level system field");
    }
}
