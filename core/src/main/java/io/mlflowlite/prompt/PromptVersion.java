package io.mlflowlite.prompt;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.chat.Role;
import io.mlflowlite.json.Json;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable version of a registered prompt. Versions of a name are numbered 1, 2, 3 … in registration order,
 * without gaps, and never change once registered.
 *
 * @param name           the prompt's name
 * @param version        its number, from 1
 * @param template       the text or chat template
 * @param commitMessage  why this version exists; may be empty, never null
 * @param tags           free labels ({@code author}, {@code task}); never null
 * @param modelConfig    model settings to use with it ({@code model}, {@code temperature}, {@code max_tokens},
 *                       {@code top_p}; others are kept and shown but not applied); JSON values; never null
 * @param responseFormat the response format its answers must follow, if any
 * @param created        when it was registered
 */
public record PromptVersion(
        String name,
        int version,
        PromptTemplate template,
        String commitMessage,
        Map<String, String> tags,
        Map<String, Object> modelConfig,
        Optional<ResponseFormat> responseFormat,
        Instant created) {
    /** MLflow's trace tag listing the prompt versions a trace used: a JSON array of {name, version}. */
    public static final String LINKED_PROMPTS = "mlflow.linkedPrompts";

    public PromptVersion {
        commitMessage = commitMessage == null ? "" : commitMessage;
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        modelConfig = modelConfig == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(modelConfig));
        responseFormat = responseFormat == null ? Optional.empty() : responseFormat;
    }

    /** {@code prompts:/name/version}. */
    public PromptUri uri() {
        return PromptUri.of(name, version);
    }

    /** The template's variables, in order of first use. */
    public java.util.Set<String> variables() {
        return template.variables();
    }

    /** Fills in the template's variables; see {@link PromptTemplate#format(Map)}. */
    public RenderedPrompt format(Map<String, ?> values) {
        return template.format(values);
    }

    /**
     * A request built from this version: the rendered messages (a text template becomes one user message), the
     * model config's {@code model}, {@code temperature}, {@code max_tokens} and {@code top_p}, the response
     * format, and request metadata {@value #LINKED_PROMPTS} naming this version, which the tracing step puts on
     * the trace as MLflow does. Add or override anything on the returned builder.
     *
     * @throws io.mlflowlite.error.InvalidRequestException naming every missing variable
     */
    public ChatRequest.Builder render(Map<String, ?> values) {
        RenderedPrompt rendered = format(values);
        ChatRequest.Builder request = ChatRequest.builder();
        if (rendered.type() == PromptType.TEXT) {
            request.addUserMessage(rendered.text());
        } else {
            for (PromptMessage m : rendered.messages()) {
                request.addMessage(Message.of(Role.fromWire(m.role()), m.content()));
            }
        }
        applyModelConfig(request);
        responseFormat.ifPresent(request::responseFormat);
        return request.metadata(LINKED_PROMPTS, linkedPromptsJson(List.of(this)));
    }

    /** Sets the model config's known settings on {@code request}. */
    void applyModelConfig(ChatRequest.Builder request) {
        if (modelConfig.get("model") instanceof String model) {
            request.model(model);
        }
        if (modelConfig.get("temperature") instanceof Number n) {
            request.temperature(n.doubleValue());
        }
        if (modelConfig.get("max_tokens") instanceof Number n) {
            request.maxTokens(n.intValue());
        }
        if (modelConfig.get("top_p") instanceof Number n) {
            request.topP(n.doubleValue());
        }
    }

    /** MLflow's {@value #LINKED_PROMPTS} value: {@code [{"name":"qa","version":"3"}]} (versions as strings). */
    public static String linkedPromptsJson(List<PromptVersion> versions) {
        var array = Json.array();
        versions.forEach(v -> array.addObject().put("name", v.name()).put("version", String.valueOf(v.version())));
        return array.toString();
    }
}
