package io.mlflowlite.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.internal.json.Json;

/**
 * OpenAI's chat wire format, both ways: requests to JSON and back, responses and chunks to JSON and back.
 * The OpenAI adapter, {@link ChatResponse#toJson()} and the gateway server all use this one codec.
 */
public final class OpenAiWire {
    private OpenAiWire() {
    }

    /** {@code response} as a {@code chat.completion} object. */
    public static ObjectNode responseJson(ChatResponse response) {
        ObjectNode node = Json.object();
        node.put("id", response.id());
        node.put("object", "chat.completion");
        return node; // TODO(openai adapter): complete
    }

    /** {@code chunk} as a {@code chat.completion.chunk} object. */
    public static ObjectNode chunkJson(ChatChunk chunk) {
        ObjectNode node = Json.object();
        node.put("id", chunk.id());
        node.put("object", "chat.completion.chunk");
        return node; // TODO(openai adapter): complete
    }
}
