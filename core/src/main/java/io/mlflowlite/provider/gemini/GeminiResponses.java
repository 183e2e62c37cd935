package io.mlflowlite.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads Gemini's {@code GenerateContentResponse} (a whole answer, or one streamed chunk of it) into
 * OpenAI-shaped values. Stateless and thread-safe.
 */
final class GeminiResponses {
    private GeminiResponses() {
    }

    /**
     * What one candidate (or chunk of it) said: its visible text (thought summaries left out), or null when
     * it had no text part; and its function calls as tool calls, numbered from {@code firstOrdinal}.
     */
    record Parts(String text, List<ToolCall> calls) {
    }

    static ChatResponse chatResponse(JsonNode body, Deployment deployment) {
        List<Choice> choices = new ArrayList<>();
        JsonNode candidates = body.path("candidates");
        for (int position = 0; position < candidates.size(); position++) {
            JsonNode candidate = candidates.get(position);
            Parts parts = parts(candidate, 0);
            String text = parts.text() == null && !parts.calls().isEmpty() ? null
                    : parts.text() == null ? "" : parts.text();
            String finish = finishReason(Json.text(candidate, "finishReason"), !parts.calls().isEmpty());
            choices.add(new Choice(index(candidate, position), Message.assistant(text, parts.calls()),
                    finish == null ? (parts.calls().isEmpty() ? "stop" : "tool_calls") : finish));
        }
        if (choices.isEmpty()) {
            if (blockReason(body) == null) {
                throw new MalformedResponseException(deployment.provider() + " sent neither candidates nor"
                        + " a promptFeedback.blockReason: " + Json.abbreviate(body.toString()));
            }
            // a blocked prompt is an answer, not a failure: retrying the same prompt is blocked again, and
            // the prompt tokens were billed; raw() keeps promptFeedback for whoever wants the reason
            choices.add(new Choice(0, Message.assistant(""), "content_filter"));
        }
        return ChatResponse.builder()
                .id(responseId(body))
                .created(nowSeconds())
                .model(model(body, deployment))
                .choices(choices)
                .usage(usage(body))
                .provider(deployment.provider())
                .raw(body)
                .build();
    }

    static Parts parts(JsonNode candidate, int firstOrdinal) {
        StringBuilder text = null;
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue; // thought summaries are not the answer
            }
            JsonNode textNode = part.get("text");
            if (textNode != null && textNode.isTextual()) {
                text = text == null ? new StringBuilder() : text;
                text.append(textNode.asText());
            }
            JsonNode call = part.get("functionCall");
            if (call != null && call.isObject()) {
                String name = Json.text(call, "name");
                JsonNode args = call.get("args");
                String id = ToolCallIds.of(firstOrdinal + calls.size(), name, Json.text(call, "id"),
                        Json.text(part, "thoughtSignature"));
                calls.add(new ToolCall(id, name, args == null || args.isNull() ? "{}" : args.toString()));
            }
        }
        return new Parts(text == null ? null : text.toString(), calls);
    }

    /**
     * OpenAI's finish reason for Gemini's {@code finishReason}, or null when the candidate has not finished.
     * A function call ends with {@code STOP} on Gemini; OpenAI says {@code tool_calls}.
     */
    static String finishReason(String gemini, boolean calledTools) {
        if (gemini == null || gemini.isEmpty()) {
            return null;
        }
        return switch (gemini) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
            default -> calledTools ? "tool_calls" : "stop";
        };
    }

    /**
     * Usage from {@code usageMetadata}, or null when absent. Gemini counts thoughts apart from the answer and
     * includes the cached part in {@code promptTokenCount}; OpenAI's completion tokens include reasoning.
     */
    static Usage usage(JsonNode body) {
        JsonNode meta = body.get("usageMetadata");
        if (meta == null || !meta.isObject()) {
            return null;
        }
        int prompt = Json.intAt(meta, "/promptTokenCount") + Json.intAt(meta, "/toolUsePromptTokenCount");
        int thoughts = Json.intAt(meta, "/thoughtsTokenCount");
        int completion = Json.intAt(meta, "/candidatesTokenCount") + thoughts;
        return new Usage(prompt, completion, prompt + completion, Json.intAt(meta, "/cachedContentTokenCount"),
                0, thoughts, false);
    }

    /** The candidate's own index (Gemini omits it when 0), else its position. */
    static int index(JsonNode candidate, int position) {
        JsonNode index = candidate.get("index");
        return index != null && index.canConvertToInt() ? index.asInt() : position;
    }

    static String blockReason(JsonNode body) {
        return Json.text(body.path("promptFeedback"), "blockReason");
    }

    static String responseId(JsonNode body) {
        String id = Json.text(body, "responseId");
        return id != null ? id : "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    }

    static String model(JsonNode body, Deployment deployment) {
        String version = Json.text(body, "modelVersion");
        return version != null ? version : deployment.model();
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
