package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.StreamAccumulator;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.openai.OpenAiWire;
import io.mlflowlite.testing.ReplayCase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Core's replay suite through the gateway server: every recorded provider answer under {@code replay/}, streamed
 * transcripts whole and in 3-character pieces, asked for on {@code /v1/chat/completions}, and each Anthropic
 * answer also on {@code /v1/messages}, where it must come back as the upstream sent it (thinking blocks with
 * their signatures, server-tool blocks, citations, stop details, server-tool usage).
 */
class ProviderReplayServerTest {
    private TestServer t;

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (ReplayCase c : ReplayCase.all()) {
            all.add(Arguments.of(c, 0));
            if (c.streamed()) {
                all.add(Arguments.of(c, 3));
            }
        }
        return all.stream();
    }

    static Stream<Arguments> anthropicAnswers() {
        return cases().filter(a -> {
            ReplayCase c = (ReplayCase) a.get()[0];
            return c.provider().equals("anthropic") && !c.failing();
        });
    }

    private static String model(ReplayCase c) {
        return switch (c.provider()) {
            case "anthropic" -> "anthropic/claude-sonnet-4-5-20250929";
            case "gemini" -> "gemini/gemini-2.5-flash";
            default -> "openai/gpt-4o";
        };
    }

    @ParameterizedTest(name = "{0} in pieces of {1}")
    @MethodSource("cases")
    void anOpenAiClientSeesWhatTheProviderSent(ReplayCase c, int pieceSize) {
        TestServer s = start();
        s.upstream.enqueue(c.response(pieceSize));
        String body = "{\"model\":\"" + model(c) + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]"
                + (c.streamed() ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}" : "}");

        HttpResponse<String> response = s.post("/v1/chat/completions", body);

        if (!c.streamed()) {
            if (c.failing()) {
                assertThat(response.statusCode())
                        .as(c.toString())
                        .isEqualTo(c.expect().at("/error/status").asInt());
                assertThat(TestServer.json(response).has("error")).isTrue();
                return;
            }
            assertThat(response.statusCode()).as("%s: %s", c, response.body()).isEqualTo(200);
            assertThat(c.mismatches(TestServer.json(response), List.of()))
                    .as(c.toString())
                    .isEmpty();
            return;
        }
        List<JsonNode> chunks = new ArrayList<>();
        JsonNode error = null;
        boolean outputBeforeError = false;
        StreamAccumulator accumulator = new StreamAccumulator();
        for (String event : response.body().split("\n\n")) {
            String data = event.startsWith("data: ") ? event.substring(6) : event;
            if (data.isBlank() || data.equals("[DONE]")) {
                continue;
            }
            JsonNode json = Json.read(data);
            if (json.has("error")) {
                error = json;
                break;
            }
            chunks.add(json);
            accumulator.add(OpenAiWire.parseChunk(json));
            outputBeforeError |= OpenAiWire.parseChunk(json).choices().stream().anyMatch(d -> d.hasOutput());
        }
        if (c.failing()) {
            if (error == null) {
                // a failure before any output is answered with its status, not a stream
                assertThat(response.statusCode())
                        .as("%s: %s", c, response.body())
                        .isEqualTo(c.expect().at("/error/status").asInt());
                outputBeforeError = false;
            }
            if (c.expect().at("/error/after_output").isBoolean()) {
                assertThat(outputBeforeError)
                        .as(c + " output before the failure")
                        .isEqualTo(c.expect().at("/error/after_output").asBoolean());
            }
            return;
        }
        assertThat(error).as("%s: %s", c, response.body()).isNull();
        JsonNode completion = OpenAiWire.responseJson(accumulator.toResponse());
        assertThat(c.mismatches(completion, chunks))
                .as("%s: %s", c, response.body())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} in pieces of {1}")
    @MethodSource("anthropicAnswers")
    void anAnthropicClientGetsAnAnthropicUpstreamsAnswerUnchanged(ReplayCase c, int pieceSize) {
        TestServer s = start();
        s.upstream.enqueue(c.response(pieceSize));
        String body = "{\"model\":\"anthropic/claude-sonnet-4-5-20250929\",\"max_tokens\":1024,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]" + (c.streamed() ? ",\"stream\":true}" : "}");

        HttpResponse<String> response = s.post("/v1/messages", body);

        assertThat(response.statusCode()).as("%s: %s", c, response.body()).isEqualTo(200);
        JsonNode message = c.streamed() ? messageFromEvents(response.body()) : TestServer.json(response);
        String whole = c.name().replace(".sse", ".json");
        JsonNode upstream = ReplayCase.all().stream()
                .filter(other ->
                        other.provider().equals("anthropic") && other.name().equals(whole))
                .map(other -> Json.read(other.transcript()))
                .findFirst()
                .orElse(null);
        if (upstream == null) {
            assertThat(message.get("content")).as(c.toString()).isNotEmpty();
            return;
        }
        assertThat(message.get("content")).as("%s: %s", c, response.body()).isEqualTo(upstream.get("content"));
        assertThat(message.get("stop_reason")).isEqualTo(upstream.get("stop_reason"));
        if (upstream.has("stop_details")) {
            assertThat(message.get("stop_details")).isEqualTo(upstream.get("stop_details"));
        }
        if (upstream.at("/usage/server_tool_use").isObject()) {
            assertThat(message.at("/usage/server_tool_use")).isEqualTo(upstream.at("/usage/server_tool_use"));
        }
    }

    /** The message an Anthropic SDK puts together from the event stream. */
    private static JsonNode messageFromEvents(String stream) {
        ObjectNode message = null;
        List<StringBuilder> partial = new ArrayList<>();
        for (String event : stream.split("\n\n")) {
            String data = event.lines()
                    .filter(l -> l.startsWith("data: "))
                    .map(l -> l.substring(6))
                    .findFirst()
                    .orElse(null);
            if (data == null) {
                continue;
            }
            JsonNode json = Json.read(data);
            switch (json.path("type").asText()) {
                case "message_start" ->
                    message = (ObjectNode) json.get("message").deepCopy();
                case "content_block_start" -> {
                    ((ArrayNode) message.get("content"))
                            .add(json.get("content_block").deepCopy());
                    partial.add(new StringBuilder());
                }
                case "content_block_delta" -> {
                    int index = json.get("index").asInt();
                    ObjectNode block = (ObjectNode) message.get("content").get(index);
                    JsonNode delta = json.get("delta");
                    switch (delta.path("type").asText()) {
                        case "text_delta" ->
                            block.put(
                                    "text",
                                    block.path("text").asText()
                                            + delta.get("text").asText());
                        case "thinking_delta" ->
                            block.put(
                                    "thinking",
                                    block.path("thinking").asText()
                                            + delta.get("thinking").asText());
                        case "signature_delta" ->
                            block.put("signature", delta.get("signature").asText());
                        case "input_json_delta" ->
                            partial.get(index).append(delta.get("partial_json").asText());
                        case "citations_delta" -> block.withArray("citations").add(delta.get("citation"));
                        default -> {}
                    }
                }
                case "content_block_stop" -> {
                    int index = json.get("index").asInt();
                    if (!partial.get(index).isEmpty()) {
                        ((ObjectNode) message.get("content").get(index))
                                .set("input", Json.read(partial.get(index).toString()));
                    }
                }
                case "message_delta" -> {
                    ObjectNode whole = message;
                    json.get("delta").properties().forEach(e -> whole.set(e.getKey(), e.getValue()));
                    message.set("usage", json.get("usage"));
                }
                default -> {}
            }
        }
        return message;
    }

    private TestServer start() {
        t = TestServer.startWithEveryWireFormat();
        return t;
    }
}
