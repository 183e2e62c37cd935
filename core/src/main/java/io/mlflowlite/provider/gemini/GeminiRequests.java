package io.mlflowlite.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.ToolCall;
import io.mlflowlite.chat.ToolChoice;
import io.mlflowlite.chat.ToolDefinition;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the body of {@code generateContent} / {@code streamGenerateContent} from a {@link ChatRequest}.
 * Stateless and thread-safe.
 */
final class GeminiRequests {
    private static final ObjectReader STRICT_JSON =
            Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private GeminiRequests() {}

    static ObjectNode generateContentBody(ChatRequest request) {
        ObjectNode body = Json.object();
        ArrayNode systemParts = Json.array();
        body.set("contents", contents(request.messages(), systemParts));
        if (!systemParts.isEmpty()) {
            body.putObject("systemInstruction").set("parts", systemParts);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            request.tools().forEach(tool -> declarations.add(declaration(tool)));
        }
        if (request.toolChoice() != null) {
            body.putObject("toolConfig").set("functionCallingConfig", functionCallingConfig(request.toolChoice()));
        }
        ObjectNode config = generationConfig(request);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        mergeExtra(body, Json.tree(request.extraBody()));
        return body;
    }

    private static ArrayNode contents(List<Message> messages, ArrayNode systemParts) {
        ArrayNode contents = Json.array();
        Map<String, String> callNames = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            String param = "messages[" + i + "]";
            ArrayNode parts = Json.array();
            String role;
            switch (message.role()) {
                case SYSTEM, DEVELOPER -> {
                    systemParts.addObject().put("text", message.text());
                    continue;
                }
                case USER -> {
                    role = "user";
                    addContentParts(parts, message, param);
                }
                case ASSISTANT -> {
                    role = "model";
                    addContentParts(parts, message, param);
                    for (int j = 0; j < message.toolCalls().size(); j++) {
                        ToolCall call = message.toolCalls().get(j);
                        parts.add(functionCallPart(call, param + ".tool_calls[" + j + "]"));
                        callNames.put(call.id(), call.name());
                    }
                }
                case TOOL -> {
                    // Gemini answers a call by function name; OpenAI by id, so the name comes from the call
                    String name = callNames.get(message.toolCallId());
                    if (name == null) {
                        throw new InvalidRequestException(
                                "Tool result " + param + " answers tool call '" + message.toolCallId()
                                        + "', which no earlier assistant message made",
                                param + ".tool_call_id");
                    }
                    role = "user";
                    ObjectNode response = parts.addObject().putObject("functionResponse");
                    response.put("name", name);
                    response.putObject("response").set("result", jsonOrText(message.text()));
                }
                default -> throw new InvalidRequestException("Unsupported role " + message.role(), param + ".role");
            }
            if (parts.isEmpty()) {
                continue; // Gemini rejects a content without parts
            }
            JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
            if (last != null && role.equals(last.path("role").asText())) {
                // Gemini wants user and model turns to alternate; consecutive same-role turns become one
                ((ArrayNode) last.get("parts")).addAll(parts);
            } else {
                ObjectNode content = contents.addObject();
                content.put("role", role);
                content.set("parts", parts);
            }
        }
        return contents;
    }

    private static void addContentParts(ArrayNode parts, Message message, String param) {
        for (int k = 0; k < message.content().size(); k++) {
            ContentPart part = message.content().get(k);
            if (part instanceof ContentPart.Text text) {
                if (!text.text().isEmpty()) {
                    parts.addObject().put("text", text.text());
                }
            } else if (part instanceof ContentPart.Image image) {
                parts.add(imagePart(image, param + ".content[" + k + "]"));
            }
        }
    }

    private static ObjectNode imagePart(ContentPart.Image image, String param) {
        ObjectNode part = Json.object();
        String url = image.url();
        if (url.startsWith("data:")) {
            if (image.mediaType() == null || image.base64Data() == null || !url.contains(";base64,")) {
                throw new InvalidRequestException(
                        "Image data URLs must look like data:image/png;base64,…", param + ".image_url");
            }
            ObjectNode inline = part.putObject("inlineData");
            inline.put("mimeType", image.mediaType());
            inline.put("data", image.base64Data());
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            ObjectNode file = part.putObject("fileData");
            file.put("mimeType", guessImageType(url));
            file.put("fileUri", url);
        } else {
            throw new InvalidRequestException(
                    "Gemini takes images as data: URLs or http(s) URLs, not '" + Json.abbreviate(url) + "'",
                    param + ".image_url");
        }
        return part;
    }

    private static String guessImageType(String url) {
        String path = url.replaceFirst("[?#].*$", "").toLowerCase(Locale.ROOT);
        String extension = path.substring(path.lastIndexOf('.') + 1);
        return switch (extension) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "webp" -> "image/webp";
            case "gif" -> "image/gif";
            case "heic" -> "image/heic";
            case "heif" -> "image/heif";
            default -> "image/*";
        };
    }

    private static ObjectNode functionCallPart(ToolCall call, String param) {
        JsonNode args;
        try {
            args = STRICT_JSON.readTree(call.arguments());
        } catch (JsonProcessingException | NumberFormatException e) { // NFE: a number no BigDecimal holds
            args = null;
        }
        if (args == null || !args.isObject()) {
            throw new InvalidRequestException(
                    "Tool call arguments must be a JSON object, got: " + Json.abbreviate(call.arguments()),
                    param + ".function.arguments");
        }
        ObjectNode part = Json.object();
        ObjectNode functionCall = part.putObject("functionCall");
        functionCall.put("name", call.name());
        functionCall.set("args", args);
        String signature = ToolCallIds.thoughtSignature(call.id());
        if (signature != null) {
            part.put("thoughtSignature", signature);
        }
        return part;
    }

    /** The tool's output as JSON when it is JSON, else as a string (Gemini's response must be an object). */
    private static JsonNode jsonOrText(String text) {
        try {
            JsonNode parsed = text.isBlank() ? null : STRICT_JSON.readTree(text);
            return parsed == null || parsed.isMissingNode() ? Json.tree(text) : parsed;
        } catch (JsonProcessingException | NumberFormatException notJson) {
            return Json.tree(text);
        }
    }

    private static ObjectNode declaration(ToolDefinition tool) {
        ObjectNode declaration = Json.object();
        declaration.put("name", tool.name());
        if (tool.description() != null) {
            declaration.put("description", tool.description());
        }
        if (tool.parameters() != null && !tool.parameters().isNull()) {
            // parametersJsonSchema takes JSON Schema as it is (anyOf, $ref, additionalProperties …), so the
            // caller's schema is not squeezed into the OpenAPI subset that "parameters" accepts
            declaration.set("parametersJsonSchema", schema(tool.parameters()));
        }
        return declaration;
    }

    private static ObjectNode functionCallingConfig(ToolChoice choice) {
        ObjectNode config = Json.object();
        switch (choice.mode()) {
            case "auto" -> config.put("mode", "AUTO");
            case "none" -> config.put("mode", "NONE");
            case "required" -> config.put("mode", "ANY");
            case "function" -> {
                config.put("mode", "ANY");
                config.putArray("allowedFunctionNames").add(choice.function());
            }
            default ->
                throw new InvalidRequestException(
                        "Invalid tool_choice '" + choice.mode() + "': use auto, none, required or a function",
                        "tool_choice");
        }
        return config;
    }

    private static ObjectNode generationConfig(ChatRequest request) {
        ObjectNode config = Json.object();
        if (request.temperature() != null) {
            config.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            config.put("topP", request.topP());
        }
        if (request.maxTokens() != null) {
            config.put("maxOutputTokens", request.maxTokens());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stops = config.putArray("stopSequences");
            request.stop().forEach(stops::add);
        }
        if (request.seed() != null) {
            config.put("seed", request.seed());
        }
        if (request.n() != null) {
            config.put("candidateCount", request.n());
        }
        if (request.presencePenalty() != null) {
            config.put("presencePenalty", request.presencePenalty());
        }
        if (request.frequencyPenalty() != null) {
            config.put("frequencyPenalty", request.frequencyPenalty());
        }
        ResponseFormat format = request.responseFormat();
        if (format != null && format.isJson()) {
            config.put("responseMimeType", "application/json");
            if ("json_schema".equals(format.type()) && format.schema() != null) {
                config.set("responseJsonSchema", schema(format.schema()));
            }
        }
        return config;
    }

    /** The caller's JSON Schema minus {@code $schema}, a dialect marker Gemini has no use for. */
    private static JsonNode schema(JsonNode schema) {
        if (!schema.isObject() || !schema.has("$schema")) {
            return schema;
        }
        ObjectNode copy = schema.deepCopy();
        copy.remove("$schema");
        return copy;
    }

    /**
     * Merges {@code extra} into {@code body}, {@code extra} winning. Objects present on both sides are merged
     * key by key, so {@code extraBody(generationConfig: {thinkingConfig: …})} adds to the generation config
     * built from the request instead of replacing it.
     */
    static void mergeExtra(ObjectNode body, JsonNode extra) {
        for (Map.Entry<String, JsonNode> field : extra.properties()) {
            JsonNode existing = body.get(field.getKey());
            if (existing instanceof ObjectNode target && field.getValue().isObject()) {
                mergeExtra(target, field.getValue());
            } else {
                body.set(field.getKey(), field.getValue());
            }
        }
    }
}
