package io.mlflowlite.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Choice;
import io.mlflowlite.chat.FinishReason;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.MessageExtras;
import io.mlflowlite.chat.ReasoningBlock;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.error.MalformedResponseException;
import io.mlflowlite.json.Json;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.UrlCitations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads Gemini's {@code GenerateContentResponse} (a whole answer, or one streamed chunk of it) into
 * OpenAI-shaped values. Stateless and thread-safe.
 */
final class GeminiResponses {
    private GeminiResponses() {}

    /**
     * What one candidate (or chunk of it) said: its visible text, or null when it had no text part; its function
     * calls completed by it, as tool calls; its thought summaries' text (null when none); its
     * {@code executableCode} and {@code codeExecutionResult} parts as sent (empty when none).
     */
    record Parts(
            String text, List<FunctionCallMerger.Numbered> numberedCalls, String thoughts, ArrayNode codeExecution) {
        List<ToolCall> calls() {
            return numberedCalls.stream().map(FunctionCallMerger.Numbered::call).toList();
        }
    }

    static ChatResponse chatResponse(JsonNode body, Deployment deployment) {
        List<Choice> choices = new ArrayList<>();
        JsonNode candidates = body.path("candidates");
        for (int position = 0; position < candidates.size(); position++) {
            JsonNode candidate = candidates.get(position);
            Parts parts = parts(candidate, 0);
            String reason = Json.text(candidate, "finishReason");
            boolean empty = (parts.text() == null || parts.text().isEmpty())
                    && parts.calls().isEmpty()
                    && parts.codeExecution().isEmpty();
            if (empty && GeminiFinish.isError(reason)) {
                throw GeminiFinish.failure(deployment.provider(), reason, Json.text(candidate, "finishMessage"));
            }
            String text =
                    parts.text() == null && !parts.calls().isEmpty() ? null : parts.text() == null ? "" : parts.text();
            FinishReason finish = finishReason(reason, !parts.calls().isEmpty());
            choices.add(new Choice(
                    index(candidate, position),
                    Message.assistant(text, parts.calls()).withExtras(extras(candidate, parts)),
                    finish == null ? (parts.calls().isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS) : finish));
        }
        if (choices.isEmpty()) {
            if (blockReason(body) == null) {
                throw new MalformedResponseException(deployment.provider() + " sent neither candidates nor"
                        + " a promptFeedback.blockReason: " + Json.abbreviate(body.toString()));
            }
            // a blocked prompt is an answer, not a failure: retrying the same prompt is blocked again, and
            // the prompt tokens were billed; raw() keeps promptFeedback for whoever wants the reason
            choices.add(new Choice(0, Message.assistant(""), FinishReason.CONTENT_FILTER));
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

    /** A whole candidate's parts, its calls numbered from {@code firstOrdinal}. */
    static Parts parts(JsonNode candidate, int firstOrdinal) {
        FunctionCallMerger merger = new FunctionCallMerger(firstOrdinal);
        Parts parts = parts(candidate, merger);
        FunctionCallMerger.Numbered last = merger.flush();
        if (last == null) {
            return parts;
        }
        List<FunctionCallMerger.Numbered> calls = new ArrayList<>(parts.numberedCalls());
        calls.add(last);
        return new Parts(parts.text(), calls, parts.thoughts(), parts.codeExecution());
    }

    /** A candidate's (or streamed chunk's) parts, its function calls put together by {@code merger}. */
    static Parts parts(JsonNode candidate, FunctionCallMerger merger) {
        StringBuilder text = null;
        StringBuilder thoughts = null;
        ArrayNode code = Json.array();
        List<FunctionCallMerger.Numbered> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            JsonNode textNode = part.get("text");
            if (part.path("thought").asBoolean(false)) {
                // a thought summary is reasoning, not the answer
                if (textNode != null && textNode.isTextual()) {
                    thoughts = thoughts == null ? new StringBuilder() : thoughts;
                    thoughts.append(textNode.asText());
                }
                continue;
            }
            if (textNode != null && textNode.isTextual()) {
                text = text == null ? new StringBuilder() : text;
                text.append(textNode.asText());
            }
            if (part.has("executableCode") || part.has("codeExecutionResult")) {
                code.add(part.deepCopy());
            }
            JsonNode call = part.get("functionCall");
            if (call != null && call.isObject()) {
                calls.addAll(merger.add(part));
            }
        }
        return new Parts(
                text == null ? null : text.toString(), calls, thoughts == null ? null : thoughts.toString(), code);
    }

    /** A whole candidate's extras: thought summaries as reasoning, code-execution parts, candidate fields. */
    static MessageExtras extras(JsonNode candidate, Parts parts) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        if (!parts.codeExecution().isEmpty()) {
            fields.put(CODE_EXECUTION, parts.codeExecution());
        }
        fields.putAll(GeminiFinish.fields(candidate));
        ArrayNode annotations = GeminiFinish.annotations(candidate, parts.text());
        if (annotations != null) {
            fields.put(UrlCitations.FIELD, annotations);
        }
        List<ReasoningBlock> reasoning =
                parts.thoughts() == null ? List.of() : List.of(ReasoningBlock.thinking(parts.thoughts(), null));
        return new MessageExtras(null, reasoning, fields);
    }

    /** The extension field holding {@code executableCode} and {@code codeExecutionResult} parts. */
    static final String CODE_EXECUTION = "code_execution";

    /**
     * The finish reason for Gemini's {@code finishReason}, or null when the candidate has not finished
     * ({@link GeminiFinish}). A function call ends with {@code STOP} on Gemini; OpenAI says {@code tool_calls}.
     */
    static FinishReason finishReason(String gemini, boolean calledTools) {
        return GeminiFinish.reason(gemini, calledTools);
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
        return new Usage(
                prompt,
                completion,
                prompt + completion,
                Json.intAt(meta, "/cachedContentTokenCount"),
                0,
                thoughts,
                false);
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
