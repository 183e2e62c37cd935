package io.mlflowlite.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.json.Json;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes OpenAI's Responses API objects from the pipeline's {@link ChatResponse}: the {@code response} object
 * (status, {@code incomplete_details}, output items, usage, and the request fields it echoes) and its output
 * items ({@code message} with {@code output_text}, {@code function_call}). Used for the JSON answer and, item by
 * item, by {@link ResponsesSseWriter}. Stateless.
 */
final class ResponsesWire {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ResponsesWire() {}

    /** A new id with OpenAI's prefix for its kind: {@code resp}, {@code msg}, {@code fc}. */
    static String newId(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + "_" + HexFormat.of().formatHex(bytes);
    }

    /** The whole response to a call answered with {@code response}. */
    static ObjectNode response(
            String id, long createdAt, String model, ResponsesRequest request, ChatResponse response) {
        ArrayNode output = Json.array();
        if (!response.content().isEmpty() || response.toolCalls().isEmpty()) {
            output.add(messageItem(newId("msg"), "completed", response.content()));
        }
        for (ToolCall call : response.toolCalls()) {
            output.add(functionCallItem(newId("fc"), call.id(), call.name(), call.arguments(), "completed"));
        }
        return finished(id, createdAt, model, request, response.finishReason(), output, response.usage());
    }

    /** A finished response: {@code completed}, or {@code incomplete} when output was cut short. */
    static ObjectNode finished(
            String id,
            long createdAt,
            String model,
            ResponsesRequest request,
            FinishReason finishReason,
            ArrayNode output,
            Usage usage) {
        String incompleteReason = finishReason == FinishReason.LENGTH
                ? "max_output_tokens"
                : finishReason == FinishReason.CONTENT_FILTER ? "content_filter" : null;
        ObjectNode body = shell(id, createdAt, model, request, incompleteReason == null ? "completed" : "incomplete");
        if (incompleteReason != null) {
            body.putObject("incomplete_details").put("reason", incompleteReason);
        }
        body.set("output", output);
        body.set("usage", usage(usage));
        return body;
    }

    /**
     * The response object before it has output ({@code in_progress}), or around a final status; fields in
     * OpenAI's order, every one the SDKs require present.
     */
    static ObjectNode shell(String id, long createdAt, String model, ResponsesRequest request, String status) {
        ObjectNode body = Json.object();
        body.put("id", id);
        body.put("object", "response");
        body.put("created_at", createdAt);
        body.put("status", status);
        body.putNull("error");
        body.putNull("incomplete_details");
        body.put("model", model);
        body.set("output", Json.array());
        body.setAll(request.echo());
        body.putNull("usage");
        return body;
    }

    /** A failed response: {@code status: failed} with OpenAI's {@code error: {code, message}}. */
    static ObjectNode failed(
            String id, long createdAt, String model, ResponsesRequest request, ApiError error, ArrayNode output) {
        ObjectNode body = shell(id, createdAt, model, request, "failed");
        body.putObject("error")
                .put("code", error.code() != null ? error.code() : error.type())
                .put("message", error.message());
        body.set("output", output);
        return body;
    }

    static ObjectNode messageItem(String id, String status, String text) {
        ObjectNode item = Json.object();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", status);
        item.put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.object();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode functionCallItem(String id, String callId, String name, String arguments, String status) {
        ObjectNode item = Json.object();
        item.put("id", id);
        item.put("type", "function_call");
        item.put("status", status);
        item.put("arguments", arguments);
        item.put("call_id", callId);
        item.put("name", name);
        return item;
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode node = Json.object();
        node.put("input_tokens", usage.promptTokens());
        node.putObject("input_tokens_details").put("cached_tokens", usage.cachedTokens());
        node.put("output_tokens", usage.completionTokens());
        node.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        node.put("total_tokens", usage.totalTokens());
        return node;
    }

    static ArrayNode array(List<ObjectNode> items) {
        ArrayNode array = Json.array();
        items.forEach(array::add);
        return array;
    }
}
