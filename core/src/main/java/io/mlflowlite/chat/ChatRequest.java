package io.mlflowlite.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chat completion request: OpenAI's parameters plus mlflowlite's reliability settings. Immutable; build
 * with {@link #builder()}, copy with {@link #toBuilder()}. A null parameter means "not set": it is not sent
 * and the provider's default applies.
 */
public final class ChatRequest {
    private final String model;
    private final List<Message> messages;
    private final Double temperature;
    private final Double topP;
    private final Integer maxTokens;
    private final List<String> stop;
    private final Long seed;
    private final Integer n;
    private final Double presencePenalty;
    private final Double frequencyPenalty;
    private final List<ToolDefinition> tools;
    private final ToolChoice toolChoice;
    private final Boolean parallelToolCalls;
    private final ResponseFormat responseFormat;
    private final ReasoningEffort reasoningEffort;
    private final String user;
    private final boolean stream;
    private final Duration timeout;
    private final Duration deadline;
    private final Integer maxRetries;
    private final List<String> fallbackModels;
    private final Map<String, String> metadata;
    private final Map<String, Object> extraBody;
    private final Map<String, String> extraHeaders;

    private ChatRequest(Builder b) {
        this.model = b.model;
        this.messages = List.copyOf(b.messages);
        this.temperature = b.temperature;
        this.topP = b.topP;
        this.maxTokens = b.maxTokens;
        this.stop = b.stop == null ? List.of() : List.copyOf(b.stop);
        this.seed = b.seed;
        this.n = b.n;
        this.presencePenalty = b.presencePenalty;
        this.frequencyPenalty = b.frequencyPenalty;
        this.tools = b.tools == null ? List.of() : List.copyOf(b.tools);
        this.toolChoice = b.toolChoice;
        this.parallelToolCalls = b.parallelToolCalls;
        this.responseFormat = b.responseFormat;
        this.reasoningEffort = b.reasoningEffort;
        this.user = b.user;
        this.stream = b.stream;
        this.timeout = b.timeout;
        this.deadline = b.deadline;
        this.maxRetries = b.maxRetries;
        this.fallbackModels = b.fallbackModels == null ? null : List.copyOf(b.fallbackModels);
        this.metadata = Map.copyOf(b.metadata);
        this.extraBody = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraBody));
        this.extraHeaders = Map.copyOf(b.extraHeaders);
    }

    /** {@code provider/model}, a catalog name ({@code gpt-4o}), or a gateway endpoint. */
    public String model() {
        return model;
    }

    /** The conversation, never empty when sent. */
    public List<Message> messages() {
        return messages;
    }

    /** Sampling temperature. */
    public Double temperature() {
        return temperature;
    }

    /** Nucleus sampling. */
    public Double topP() {
        return topP;
    }

    /** Maximum output tokens. */
    public Integer maxTokens() {
        return maxTokens;
    }

    /** Stop sequences; empty for none. */
    public List<String> stop() {
        return stop;
    }

    /** Sampling seed, where the provider supports it. */
    public Long seed() {
        return seed;
    }

    /** Number of choices, where the provider supports it. */
    public Integer n() {
        return n;
    }

    /** OpenAI presence penalty. */
    public Double presencePenalty() {
        return presencePenalty;
    }

    /** OpenAI frequency penalty. */
    public Double frequencyPenalty() {
        return frequencyPenalty;
    }

    /** Functions the model may call; empty for none. */
    public List<ToolDefinition> tools() {
        return tools;
    }

    /** How it may call them. */
    public ToolChoice toolChoice() {
        return toolChoice;
    }

    /** Whether it may call several at once. */
    public Boolean parallelToolCalls() {
        return parallelToolCalls;
    }

    /** Text, JSON object, or JSON schema. */
    public ResponseFormat responseFormat() {
        return responseFormat;
    }

    /** {@code minimal|low|medium|high} for reasoning models. */
    public ReasoningEffort reasoningEffort() {
        return reasoningEffort;
    }

    /** End-user id passed to the provider. */
    public String user() {
        return user;
    }

    /** Whether the caller asked for a stream (the server's {@code stream: true}). */
    public boolean stream() {
        return stream;
    }

    /** Per-attempt timeout; null uses the gateway default. */
    public Duration timeout() {
        return timeout;
    }

    /** Overall deadline across retries and fallbacks; null uses the gateway default. */
    public Duration deadline() {
        return deadline;
    }

    /** Retries per model; null uses the gateway default. */
    public Integer maxRetries() {
        return maxRetries;
    }

    /** Models to try, in order, when the primary fails; null uses the gateway default. */
    public List<String> fallbackModels() {
        return fallbackModels;
    }

    /** Caller labels carried to the trace (user/session/tags); never sent upstream. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Fields merged into the provider's request body as-is (escape hatch). */
    public Map<String, Object> extraBody() {
        return extraBody;
    }

    /** Headers added to the provider request as-is (escape hatch). */
    public Map<String, String> extraHeaders() {
        return extraHeaders;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChatRequest o
                && Objects.equals(model, o.model)
                && Objects.equals(messages, o.messages)
                && Objects.equals(temperature, o.temperature)
                && Objects.equals(topP, o.topP)
                && Objects.equals(maxTokens, o.maxTokens)
                && Objects.equals(stop, o.stop)
                && Objects.equals(seed, o.seed)
                && Objects.equals(n, o.n)
                && Objects.equals(presencePenalty, o.presencePenalty)
                && Objects.equals(frequencyPenalty, o.frequencyPenalty)
                && Objects.equals(tools, o.tools)
                && Objects.equals(toolChoice, o.toolChoice)
                && Objects.equals(parallelToolCalls, o.parallelToolCalls)
                && Objects.equals(responseFormat, o.responseFormat)
                && Objects.equals(reasoningEffort, o.reasoningEffort)
                && Objects.equals(user, o.user)
                && stream == o.stream
                && Objects.equals(timeout, o.timeout)
                && Objects.equals(deadline, o.deadline)
                && Objects.equals(maxRetries, o.maxRetries)
                && Objects.equals(fallbackModels, o.fallbackModels)
                && Objects.equals(metadata, o.metadata)
                && Objects.equals(extraBody, o.extraBody)
                && Objects.equals(extraHeaders, o.extraHeaders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                model,
                messages,
                temperature,
                topP,
                maxTokens,
                stop,
                seed,
                n,
                presencePenalty,
                frequencyPenalty,
                tools,
                toolChoice,
                parallelToolCalls,
                responseFormat,
                reasoningEffort,
                user,
                stream,
                timeout,
                deadline,
                maxRetries,
                fallbackModels,
                metadata,
                extraBody,
                extraHeaders);
    }

    @Override
    public String toString() {
        return "ChatRequest[" + "model=" + model + ", " + "messages=" + messages + ", " + "temperature=" + temperature
                + ", " + "topP=" + topP + ", " + "maxTokens=" + maxTokens + ", " + "stop=" + stop + ", " + "seed="
                + seed + ", " + "n=" + n + ", " + "presencePenalty=" + presencePenalty + ", " + "frequencyPenalty="
                + frequencyPenalty + ", " + "tools=" + tools + ", " + "toolChoice=" + toolChoice + ", "
                + "parallelToolCalls=" + parallelToolCalls + ", " + "responseFormat=" + responseFormat + ", "
                + "reasoningEffort=" + reasoningEffort + ", " + "user=" + user + ", " + "stream=" + stream + ", "
                + "timeout=" + timeout + ", " + "deadline=" + deadline + ", " + "maxRetries=" + maxRetries + ", "
                + "fallbackModels=" + fallbackModels + ", " + "metadata=" + metadata + ", " + "extraBody=" + extraBody
                + ", " + "extraHeaders=" + extraHeaders + "]";
    }
    /**
     * The request field carrying the variables of an endpoint's bound prompt ({@code prompts:/name@alias} in
     * the gateway file); consumed by the gateway, never sent to a provider.
     */
    public static final String PROMPT_VARIABLES = "prompt_variables";

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
        private ReasoningEffort reasoningEffort;
        private String user;
        private boolean stream;
        private Duration timeout;
        private Duration deadline;
        private Integer maxRetries;
        private List<String> fallbackModels;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, Object> extraBody = new LinkedHashMap<>();
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();

        private Builder() {}

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

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder messages(List<Message> messages) {
            this.messages.clear();
            this.messages.addAll(messages);
            return this;
        }

        public Builder addMessage(Message message) {
            this.messages.add(message);
            return this;
        }

        public Builder addSystemMessage(String text) {
            return addMessage(Message.system(text));
        }

        public Builder addUserMessage(String text) {
            return addMessage(Message.user(text));
        }

        public Builder temperature(Double temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder topP(Double topP) {
            this.topP = topP;
            return this;
        }

        public Builder maxTokens(Integer maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder stop(List<String> stop) {
            this.stop = stop;
            return this;
        }

        public Builder stop(String... stop) {
            this.stop = List.of(stop);
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder n(Integer n) {
            this.n = n;
            return this;
        }

        public Builder presencePenalty(Double value) {
            this.presencePenalty = value;
            return this;
        }

        public Builder frequencyPenalty(Double value) {
            this.frequencyPenalty = value;
            return this;
        }

        public Builder tools(List<ToolDefinition> tools) {
            this.tools = tools;
            return this;
        }

        public Builder tools(ToolDefinition... tools) {
            this.tools = List.of(tools);
            return this;
        }

        public Builder toolChoice(ToolChoice toolChoice) {
            this.toolChoice = toolChoice;
            return this;
        }

        public Builder parallelToolCalls(Boolean value) {
            this.parallelToolCalls = value;
            return this;
        }

        public Builder responseFormat(ResponseFormat format) {
            this.responseFormat = format;
            return this;
        }

        public Builder reasoningEffort(ReasoningEffort effort) {
            this.reasoningEffort = effort;
            return this;
        }

        /**
         * The effort named on the wire ({@code "low"}, any case; null for none).
         *
         * @throws io.mlflowlite.error.InvalidRequestException naming the valid values, for any other
         */
        public Builder reasoningEffort(String effort) {
            return reasoningEffort(ReasoningEffort.of(effort));
        }
        /** The end-user id passed to the provider (OpenAI {@code user}). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        public Builder maxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder fallbackModels(List<String> models) {
            this.fallbackModels = models;
            return this;
        }

        public Builder fallbackModels(String... models) {
            this.fallbackModels = List.of(models);
            return this;
        }

        public Builder metadata(String key, String value) {
            this.metadata.put(key, value);
            return this;
        }

        public Builder extraBody(Map<String, Object> extra) {
            this.extraBody.putAll(extra);
            return this;
        }

        public Builder extraBody(String key, Object value) {
            this.extraBody.put(key, value);
            return this;
        }
        /** Removes one {@link ChatRequest#extraBody()} field. */
        public Builder withoutExtraBody(String key) {
            this.extraBody.remove(key);
            return this;
        }

        /**
         * The variables of the prompt an endpoint is bound to ({@value ChatRequest#PROMPT_VARIABLES}, the field
         * HTTP callers send): the gateway renders the endpoint's prompt with them in front of the messages.
         */
        public Builder promptVariables(Map<String, ?> variables) {
            this.extraBody.put(PROMPT_VARIABLES, Map.copyOf(variables));
            return this;
        }

        public Builder extraHeaders(Map<String, String> headers) {
            this.extraHeaders.putAll(headers);
            return this;
        }

        public Builder extraHeader(String name, String value) {
            this.extraHeaders.put(name, value);
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(this);
        }
    }
}
