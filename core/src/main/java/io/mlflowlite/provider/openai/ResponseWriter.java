package io.mlflowlite.provider.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.json.Json;

/**
 * Writes {@link ChatResponse}s and {@link ChatChunk}s as OpenAI's {@code chat.completion} and
 * {@code chat.completion.chunk} objects, field for field, so the official SDKs read them unchanged.
 */
final class ResponseWriter {
    private ResponseWriter() {}

    static ObjectNode responseJson(ChatResponse response) {
        ObjectNode node = Json.object();
        node.put("id", response.id());
        node.put("object", "chat.completion");
        node.put("created", response.created());
        node.put("model", response.model());
        ArrayNode choices = node.putArray("choices");
        for (Choice choice : response.choices()) {
            ObjectNode c = choices.addObject();
            c.put("index", choice.index());
            c.set("message", message(choice.message()));
            c.putNull("logprobs");
            // finish_reason is required and never null in a chat.completion
            c.put(
                    "finish_reason",
                    choice.finishReason() == null
                            ? "stop"
                            : choice.finishReason().wire());
        }
        node.set("usage", usage(response.usage()));
        response.systemFingerprint().ifPresent(fp -> node.put("system_fingerprint", fp));
        return node;
    }

    static ObjectNode chunkJson(ChatChunk chunk) {
        ObjectNode node = Json.object();
        node.put("id", chunk.id());
        node.put("object", "chat.completion.chunk");
        node.put("created", chunk.created());
        node.put("model", chunk.model());
        ArrayNode choices = node.putArray("choices");
        for (ChatChunk.Delta delta : chunk.choices()) {
            ObjectNode c = choices.addObject();
            c.put("index", delta.index());
            ObjectNode d = c.putObject("delta");
            if (delta.role() != null) {
                d.put("role", delta.role().wireName());
            }
            if (delta.content() != null) {
                d.put("content", delta.content());
            }
            if (!delta.toolCalls().isEmpty()) {
                ArrayNode calls = d.putArray("tool_calls");
                for (ChatChunk.ToolCallDelta call : delta.toolCalls()) {
                    ObjectNode tc = calls.addObject();
                    tc.put("index", call.index());
                    if (call.id() != null) {
                        tc.put("id", call.id());
                        tc.put("type", "function");
                    }
                    if (call.name() != null || call.arguments() != null) {
                        ObjectNode function = tc.putObject("function");
                        if (call.name() != null) {
                            function.put("name", call.name());
                        }
                        if (call.arguments() != null) {
                            function.put("arguments", call.arguments());
                        }
                    }
                }
            }
            Extensions.writeDelta(d, delta.extras());
            c.putNull("logprobs");
            c.put("finish_reason", FinishReason.wire(delta.finishReason()));
        }
        chunk.usage().ifPresent(u -> node.set("usage", usage(u)));
        return node;
    }

    private static ObjectNode message(Message message) {
        ObjectNode m = Json.object();
        m.put("role", "assistant");
        boolean hasText = message.content().stream().anyMatch(ContentPart.Text.class::isInstance);
        // OpenAI sends null, not "", when the model answered only with tool calls
        // and null when it refused: the refusal is the answer
        m.put(
                "content",
                hasText || message.toolCalls().isEmpty() && message.extras().refusal() == null ? message.text() : null);
        Extensions.writeMessage(m, message.extras());
        if (!message.toolCalls().isEmpty()) {
            ArrayNode calls = m.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                ObjectNode c = calls.addObject();
                c.put("id", call.id());
                c.put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        return m;
    }

    private static ObjectNode usage(Usage usage) {
        ObjectNode u = Json.object();
        u.put("prompt_tokens", usage.promptTokens());
        u.put("completion_tokens", usage.completionTokens());
        u.put("total_tokens", usage.totalTokens());
        ObjectNode prompt = u.putObject("prompt_tokens_details");
        prompt.put("cached_tokens", usage.cachedTokens());
        if (usage.cacheWriteTokens() > 0) {
            // OpenAI's own field for prompt-cache writes (Anthropic's cache creation), listed in its spec
            prompt.put("cache_write_tokens", usage.cacheWriteTokens());
        }
        u.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        if (!usage.serverToolUse().isEmpty()) {
            // an extension: requests of the provider's own tools (web search …), billed apart from tokens
            ObjectNode tools = u.putObject("server_tool_use");
            usage.serverToolUse().forEach(tools::put);
        }
        if (usage.estimated()) {
            // an extension: the provider reported no usage and these were counted locally (docs/providers.md)
            u.put("estimated", true);
        }
        return u;
    }
}
