package io.mlflowlite.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat completion request: OpenAI's parameters plus mlflowlite's reliability settings. Immutable; build
 * with {@link #builder()}, copy with {@link #toBuilder()}. A null parameter means "not set": it is not sent
 * and the provider's default applies.
 *
 * @param model            {@code provider/model}, a catalog name ({@code gpt-4o}), or a gateway endpoint
 * @param messages         the conversation, never empty when sent
 * @param temperature      sampling temperature
 * @param topP             nucleus sampling
 * @param maxTokens        maximum output tokens
 * @param stop             stop sequences; empty for none
 * @param seed             sampling seed, where the provider supports it
 * @param n                number of choices, where the provider supports it
 * @param presencePenalty  OpenAI presence penalty
 * @param frequencyPenalty OpenAI frequency penalty
 * @param tools            functions the model may call; empty for none
 * @param toolChoice       how it may call them
 * @param parallelToolCalls whether it may call several at once
 * @param responseFormat   text, JSON object, or JSON schema
 * @param reasoningEffort  {@code minimal|low|medium|high} for reasoning models
 * @param user             end-user id passed to the provider
 * @param stream           whether the caller asked for a stream (the server's {@code stream: true})
 * @param timeout          per-attempt timeout; null uses the gateway default
 * @param deadline         overall deadline across retries and fallbacks; null uses the gateway default
 * @param maxRetries       retries per model; null uses the gateway default
 * @param fallbackModels   models to try, in order, when the primary fails; null uses the gateway default
 * @param metadata         caller labels carried to the trace (user/session/tags); never sent upstream
 * @param extraBody        fields merged into the provider's request body as-is (escape hatch)
 * @param extraHeaders     headers added to the provider request as-is (escape hatch)
 */
public record ChatRequest(
        String model,
        List<Message> messages,
        Double temperature,
        Double topP,
        Integer maxTokens,
        List<String> stop,
        Long seed,
        Integer n,
        Double presencePenalty,
        Double frequencyPenalty,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        ResponseFormat responseFormat,
        String reasoningEffort,
        String user,
        boolean stream,
        Duration timeout,
        Duration deadline,
        Integer maxRetries,
        List<String> fallbackModels,
        Map<String, String> metadata,
        Map<String, Object> extraBody,
        Map<String, String> extraHeaders) {
    /**
     * The request field carrying the variables of an endpoint's bound prompt ({@code prompts:/name@alias} in
     * the gateway file); consumed by the gateway, never sent to a provider.
     */
    public static final String PROMPT_VARIABLES = "prompt_variables";

    public ChatRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
        tools = tools == null ? List.of() : List.copyOf(tools);
        fallbackModels = fallbackModels == null ? null : List.copyOf(fallbackModels);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        extraBody = extraBody == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraBody));
        extraHeaders = extraHeaders == null ? Map.of() : Map.copyOf(extraHeaders);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A request for {@code model} with a single user message. */
    public static ChatRequest of(String model, String userMessage) {
        return builder().model(model).addMessage(Message.user(userMessage)).build();
    }

    /**
     * A request running {@code prompt} on {@code input}: a prompt containing {@code {{input}}} or
     * {@code {input}} is filled in and sent as the user message; otherwise the prompt is the system
     * instruction and the input the user message.
     */
    public static ChatRequest ofPrompt(String model, String prompt, String input) {
        Builder request = builder().model(model);
        if (prompt.contains("{{input}}") || prompt.contains("{input}")) {
            request.addUserMessage(prompt.replace("{{input}}", input).replace("{input}", input));
        } else {
            request.addSystemMessage(prompt).addUserMessage(input);
        }
        return request.build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Same request for another model (used by fallbacks and routing). */
    public ChatRequest withModel(String otherModel) {
        return toBuilder().model(otherModel).build();
    }

    /** Builds {@link ChatRequest}s. Not thread-safe. */
    public static final class Builder {
        private String model;
        private final List<Message> messages = new ArrayList<>();
        private Double temperature;
        private Double topP;
        private Integer maxTokens;
        private List<String> stop = List.of();
        private Long seed;
        private Integer n;
        private Double presencePenalty;
        private Double frequencyPenalty;
        private List<ToolDefinition> tools = List.of();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private ResponseFormat responseFormat;
        private String reasoningEffort;
        private String user;
        private boolean stream;
        private Duration timeout;
        private Duration deadline;
        private Integer maxRetries;
        private List<String> fallbackModels;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, Object> extraBody = new LinkedHashMap<>();
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder(ChatRequest r) {
            model = r.model;
            messages.addAll(r.messages);
            temperature = r.temperature;
            topP = r.topP;
            maxTokens = r.maxTokens;
            stop = r.stop;
            seed = r.seed;
            n = r.n;
            presencePenalty = r.presencePenalty;
            frequencyPenalty = r.frequencyPenalty;
            tools = r.tools;
            toolChoice = r.toolChoice;
            parallelToolCalls = r.parallelToolCalls;
            responseFormat = r.responseFormat;
            reasoningEffort = r.reasoningEffort;
            user = r.user;
            stream = r.stream;
            timeout = r.timeout;
            deadline = r.deadline;
            maxRetries = r.maxRetries;
            fallbackModels = r.fallbackModels;
            metadata.putAll(r.metadata);
            extraBody.putAll(r.extraBody);
            extraHeaders.putAll(r.extraHeaders);
        }

        public Builder model(String model) { this.model = model; return this; }
        public Builder messages(List<Message> messages) { this.messages.clear(); this.messages.addAll(messages); return this; }
        public Builder addMessage(Message message) { this.messages.add(message); return this; }
        public Builder addSystemMessage(String text) { return addMessage(Message.system(text)); }
        public Builder addUserMessage(String text) { return addMessage(Message.user(text)); }
        public Builder temperature(Double temperature) { this.temperature = temperature; return this; }
        public Builder topP(Double topP) { this.topP = topP; return this; }
        public Builder maxTokens(Integer maxTokens) { this.maxTokens = maxTokens; return this; }
        public Builder stop(List<String> stop) { this.stop = stop; return this; }
        public Builder stop(String... stop) { this.stop = List.of(stop); return this; }
        public Builder seed(Long seed) { this.seed = seed; return this; }
        public Builder n(Integer n) { this.n = n; return this; }
        public Builder presencePenalty(Double value) { this.presencePenalty = value; return this; }
        public Builder frequencyPenalty(Double value) { this.frequencyPenalty = value; return this; }
        public Builder tools(List<ToolDefinition> tools) { this.tools = tools; return this; }
        public Builder tools(ToolDefinition... tools) { this.tools = List.of(tools); return this; }
        public Builder toolChoice(ToolChoice toolChoice) { this.toolChoice = toolChoice; return this; }
        public Builder parallelToolCalls(Boolean value) { this.parallelToolCalls = value; return this; }
        public Builder responseFormat(ResponseFormat format) { this.responseFormat = format; return this; }
        public Builder reasoningEffort(String effort) { this.reasoningEffort = effort; return this; }
        /** The end-user id passed to the provider (OpenAI {@code user}). */
        public Builder user(String user) { this.user = user; return this; }
        public Builder stream(boolean stream) { this.stream = stream; return this; }
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        public Builder deadline(Duration deadline) { this.deadline = deadline; return this; }
        public Builder maxRetries(Integer maxRetries) { this.maxRetries = maxRetries; return this; }
        public Builder fallbackModels(List<String> models) { this.fallbackModels = models; return this; }
        public Builder fallbackModels(String... models) { this.fallbackModels = List.of(models); return this; }
        public Builder metadata(String key, String value) { this.metadata.put(key, value); return this; }
        public Builder extraBody(Map<String, Object> extra) { this.extraBody.putAll(extra); return this; }
        public Builder extraBody(String key, Object value) { this.extraBody.put(key, value); return this; }
        /** Removes one {@link ChatRequest#extraBody()} field. */
        public Builder withoutExtraBody(String key) { this.extraBody.remove(key); return this; }

        /**
         * The variables of the prompt an endpoint is bound to ({@value ChatRequest#PROMPT_VARIABLES}, the field
         * HTTP callers send): the gateway renders the endpoint's prompt with them in front of the messages.
         */
        public Builder promptVariables(Map<String, ?> variables) {
            this.extraBody.put(PROMPT_VARIABLES, Map.copyOf(variables));
            return this;
        }
        public Builder extraHeaders(Map<String, String> headers) { this.extraHeaders.putAll(headers); return this; }
        public Builder extraHeader(String name, String value) { this.extraHeaders.put(name, value); return this; }

        public ChatRequest build() {
            return new ChatRequest(model, messages, temperature, topP, maxTokens, stop, seed, n, presencePenalty,
                    frequencyPenalty, tools, toolChoice, parallelToolCalls, responseFormat, reasoningEffort, user,
                    stream, timeout, deadline, maxRetries, fallbackModels, metadata, extraBody, extraHeaders);
        }
    }
}
