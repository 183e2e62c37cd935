package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import io.mlflowlite.testing.Fixtures;
import io.mlflowlite.testing.MockResponse;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A thinking + tools turn from Anthropic continues through the server: the client sends the assistant turn back
 * (its {@code thinking_blocks} on {@code /v1/chat/completions}, its content blocks on {@code /v1/messages}) and
 * the upstream gets the signed thinking, the redacted thinking and the tool use, in order.
 */
class ThinkingContinuationTest {
    private static final String MODEL = "anthropic/claude-sonnet-4-5-20250929";
    private final TestServer t = TestServer.startWithEveryWireFormat();

    @AfterEach
    void close() {
        t.close();
    }

    private static JsonNode upstreamContent() {
        return Json.read(Fixtures.text("replay/anthropic/thinking-tool-use.json"))
                .get("content");
    }

    @Test
    void anOpenAiClientContinuesAThinkingTurnByEchoingTheAssistantMessage() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("replay/anthropic/thinking-tool-use.json")));
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("replay/anthropic/text.json")));
        String ask = "{\"role\":\"user\",\"content\":\"Weather in Paris?\"}";

        HttpResponse<String> first =
                t.post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"messages\":[" + ask + "]}");
        ObjectNode assistant = (ObjectNode) TestServer.json(first).at("/choices/0/message");
        String callId = assistant.at("/tool_calls/0/id").asText();
        HttpResponse<String> second = t.post(
                "/v1/chat/completions",
                "{\"model\":\"" + MODEL + "\",\"messages\":["
                        + ask + "," + assistant + ",{\"role\":\"tool\",\"tool_call_id\":\"" + callId
                        + "\",\"content\":\"18 C\"}]}");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        t.upstream.takeRequest();
        JsonNode resent = t.upstream.takeRequest().jsonBody().at("/messages/1/content");
        assertThat(Json.read(resent.toString())).isEqualTo(upstreamContent());
    }

    @Test
    void anAnthropicClientContinuesAThinkingTurnByEchoingTheContentBlocks() {
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("replay/anthropic/thinking-tool-use.json")));
        t.upstream.enqueue(MockResponse.json(200, Fixtures.text("replay/anthropic/text.json")));
        String ask = "{\"role\":\"user\",\"content\":\"Weather in Paris?\"}";

        HttpResponse<String> first =
                t.post("/v1/messages", "{\"model\":\"" + MODEL + "\",\"max_tokens\":2048,\"messages\":[" + ask + "]}");
        ArrayNode content = (ArrayNode) TestServer.json(first).get("content");
        String toolUseId = content.get(2).get("id").asText();
        HttpResponse<String> second = t.post(
                "/v1/messages",
                "{\"model\":\"" + MODEL + "\",\"max_tokens\":2048,"
                        + "\"messages\":[" + ask + ",{\"role\":\"assistant\",\"content\":" + content + "},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"" + toolUseId
                        + "\",\"content\":\"18 C\"}]}]}");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        t.upstream.takeRequest();
        JsonNode resent = t.upstream.takeRequest().jsonBody().at("/messages/1/content");
        assertThat(Json.read(resent.toString())).isEqualTo(upstreamContent());
    }
}
