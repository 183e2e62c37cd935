package io.mlflowlite.server.anthropic;

import static io.mlflowlite.provider.anthropic.AnthropicUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.provider.anthropic.AnthropicUpstream;
import io.mlflowlite.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * A Messages request read by {@link AnthropicWire#parseRequest} and written again by the adapter's
 * the Anthropic adapter's request (what an Anthropic upstream receives) keeps every field both shapes have. The only
 * differences are the documented ones, each applied to the expected body by hand below.
 */
class AnthropicWireRoundTripTest {

    private static JsonNode fixture(String name) {
        return json(Fixtures.text("anthropic/ingress/" + name));
    }

    /** What the adapter sends upstream for the parsed request, parsed as the fixture is so trees compare. */
    private static JsonNode resent(JsonNode original) {
        ChatRequest request = AnthropicWire.parseRequest(original);
        return json(AnthropicUpstream.requestBody(request).toString());
    }

    /** The adapter always sends content as blocks: a string content becomes one text block. */
    private static void contentAsBlocks(JsonNode body) {
        for (JsonNode message : body.get("messages")) {
            JsonNode content = message.get("content");
            if (content.isTextual()) {
                ObjectNode text = ((ObjectNode) message).putArray("content").addObject();
                text.put("type", "text").put("text", content.asText());
            }
        }
    }

    @Test
    void plainRequestComesBackAsSent() {
        JsonNode original = fixture("java-sdk-plain.json");
        JsonNode expected = original.deepCopy();
        contentAsBlocks(expected);

        assertThat(resent(original)).isEqualTo(expected);
    }

    @Test
    void parallelToolUseConversationComesBackWithOnlyTheDocumentedDifferences() {
        JsonNode original = fixture("java-sdk-parallel-tool-results.json");
        ObjectNode expected = (ObjectNode) original.deepCopy();
        contentAsBlocks(expected);
        // system blocks are joined with a blank line, and their cache_control is not kept
        expected.put("system", "You are a weather assistant.\n\nAnswer in one sentence.");
        // is_error becomes a prefix of the result's text
        ObjectNode failed = (ObjectNode) expected.at("/messages/2/content/1");
        failed.remove("is_error");
        failed.put("content", "Error: Service unavailable");

        assertThat(resent(original)).isEqualTo(expected);
    }

    @Test
    void imagesComeBackAsSent() {
        JsonNode original = fixture("java-sdk-images.json");

        assertThat(resent(original)).isEqualTo(original);
    }

    @Test
    void streamedForcedToolRequestComesBackAsSent() {
        JsonNode original = fixture("java-sdk-stream-forced-tool.json");
        JsonNode expected = original.deepCopy();
        contentAsBlocks(expected);

        assertThat(resent(original)).isEqualTo(expected);
    }

    @Test
    void toolChoiceAnyAndNoneComeBackAsSent() {
        for (String name : new String[] {"python-sdk-tool-choice-any.json", "python-sdk-tool-choice-none.json"}) {
            JsonNode original = fixture(name);
            JsonNode expected = original.deepCopy();
            contentAsBlocks(expected);

            assertThat(resent(original)).as(name).isEqualTo(expected);
        }
    }

    @Test
    void thinkingConversationComesBackWithItsSignedThinkingBlock() {
        JsonNode original = fixture("python-sdk-tool-result-blocks-thinking.json");
        JsonNode expected = original.deepCopy();
        contentAsBlocks(expected);
        // the thinking block and its signature go back before the tool use, as Anthropic requires to continue a
        // thinking + tools turn; the thinking config itself passes through
        assertThat(expected.at("/messages/1/content/0/type").asText()).isEqualTo("thinking");

        assertThat(resent(original)).isEqualTo(expected);
    }
}
