package io.mlflowlite.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.error.Attempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A chat completion in OpenAI's {@code chat.completion} shape, whichever provider produced it, plus what
 * mlflowlite measured: latency, cost, the attempts made, the trace id and any scores. Immutable and
 * thread-safe.
 */
public final class ChatResponse {
    private final String id;
    private final long created;
    private final String model;
    private final List<Choice> choices;
    private final Usage usage;
    private final boolean usageReported;
    private final String systemFingerprint;
    private final String provider;
    private final Duration latency;
    private final Cost cost;
    private final String traceId;
    private final Map<String, Feedback> scores;
    private final Map<String, String> labels;
    private final List<Attempt> attempts;
    private final JsonNode raw;

    private ChatResponse(Builder b) {
        this.id = b.id;
        this.created = b.created;
        this.model = b.model;
        this.choices = List.copyOf(b.choices);
        this.usage = b.usage == null ? Usage.EMPTY : b.usage;
        this.usageReported = b.usage != null && b.usageReported;
        this.systemFingerprint = b.systemFingerprint;
        this.provider = b.provider;
        this.latency = b.latency == null ? Duration.ZERO : b.latency;
        this.cost = b.cost == null ? Cost.UNPRICED : b.cost;
        this.traceId = b.traceId;
        this.scores = Map.copyOf(b.scores);
        this.labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        this.attempts = List.copyOf(b.attempts);
        this.raw = b.raw;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The completion id ({@code chatcmpl-…}, or the provider's own id). */
    public String id() {
        return id;
    }

    /** Always {@code chat.completion}. */
    public String object() {
        return "chat.completion";
    }

    /** Unix seconds when the completion was created. */
    public long created() {
        return created;
    }

    /** The model that answered, as the provider named it. */
    public String model() {
        return model;
    }

    public List<Choice> choices() {
        return choices;
    }

    /** Token usage; {@link Usage#estimated()} tells whether it was counted locally. */
    public Usage usage() {
        return usage;
    }

    /**
     * Whether {@link #usage()} was set (by the provider's report or an estimate), as opposed to defaulted to
     * {@link Usage#EMPTY}: a provider reporting exactly 0 tokens is believed, one reporting nothing is estimated.
     */
    public boolean usageReported() {
        return usageReported;
    }

    public Optional<String> systemFingerprint() {
        return Optional.ofNullable(systemFingerprint);
    }

    /** The provider that served the answer ({@code openai}, {@code anthropic}, {@code mock} …). */
    public String provider() {
        return provider;
    }

    /** The first choice's text, or "" when it only called tools. */
    public String content() {
        return choices.isEmpty() ? "" : choices.get(0).message().text();
    }

    /** The first choice's tool calls; empty when none. */
    public List<ToolCall> toolCalls() {
        return choices.isEmpty() ? List.of() : choices.get(0).message().toolCalls();
    }

    /** The first choice's finish reason; {@link FinishReason#STOP} when there is no choice or it has none. */
    public FinishReason finishReason() {
        return choices.isEmpty() || choices.get(0).finishReason() == null
                ? FinishReason.STOP
                : choices.get(0).finishReason();
    }

    /** Wall time from the call entering the pipeline to the full response, retries and fallbacks included. */
    public Duration latency() {
        return latency;
    }

    /** What this response cost, with the price table entry used. */
    public Cost cost() {
        return cost;
    }

    /** The id of the trace recording this call, when tracing is on. */
    public Optional<String> traceId() {
        return Optional.ofNullable(traceId);
    }

    /** Assessments attached to this response (by {@code evaluate=true} runs); empty otherwise. */
    public Map<String, Feedback> scores() {
        return scores;
    }

    /**
     * What the gateway's routing decided for this call, when a route strategy decided it ({@code strategy},
     * {@code destination}, {@code tier}, an A/B test's {@code experiment} and {@code variant}); empty otherwise.
     * The server sends them as {@code x-mlflowlite-<label>} headers.
     */
    public Map<String, String> labels() {
        return labels;
    }

    /** Every attempt made, in order; the last one succeeded. */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** The provider's response body as received; empty for streamed or simulated responses. */
    public Optional<JsonNode> raw() {
        return Optional.ofNullable(raw);
    }

    @Override
    public String toString() {
        return "ChatResponse{model=" + model + ", provider=" + provider + ", content=" + abbreviate(content())
                + ", usage=" + usage + ", cost=" + cost.formatted() + ", latency=" + latency.toMillis() + "ms}";
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** Builds {@link ChatResponse}s. Not thread-safe. */
    public static final class Builder {
        private String id;
        private long created;
        private String model;
        private final List<Choice> choices = new ArrayList<>();
        private Usage usage;
        private boolean usageReported;
        private String systemFingerprint;
        private String provider;
        private Duration latency;
        private Cost cost;
        private String traceId;
        private final Map<String, Feedback> scores = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<Attempt> attempts = new ArrayList<>();
        private JsonNode raw;

        private Builder() {}

        private Builder(ChatResponse r) {
            id = r.id;
            created = r.created;
            model = r.model;
            choices.addAll(r.choices);
            usage = r.usage;
            usageReported = r.usageReported;
            systemFingerprint = r.systemFingerprint;
            provider = r.provider;
            latency = r.latency;
            cost = r.cost;
            traceId = r.traceId;
            scores.putAll(r.scores);
            labels.putAll(r.labels);
            attempts.addAll(r.attempts);
            raw = r.raw;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder created(long created) {
            this.created = created;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder choices(List<Choice> choices) {
            this.choices.clear();
            this.choices.addAll(choices);
            return this;
        }

        public Builder addChoice(Choice choice) {
            this.choices.add(choice);
            return this;
        }

        public Builder usage(Usage usage) {
            this.usage = usage;
            this.usageReported = usage != null;
            return this;
        }

        public Builder systemFingerprint(String value) {
            this.systemFingerprint = value;
            return this;
        }

        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        public Builder cost(Cost cost) {
            this.cost = cost;
            return this;
        }

        public Builder traceId(String traceId) {
            this.traceId = traceId;
            return this;
        }

        /** Replaces the routing labels (see {@link ChatResponse#labels()}). */
        public Builder labels(Map<String, String> values) {
            this.labels.clear();
            this.labels.putAll(values);
            return this;
        }

        public Builder score(Feedback feedback) {
            this.scores.put(feedback.name(), feedback);
            return this;
        }

        public Builder attempts(List<Attempt> attempts) {
            this.attempts.clear();
            this.attempts.addAll(attempts);
            return this;
        }

        public Builder raw(JsonNode raw) {
            this.raw = raw;
            return this;
        }

        public ChatResponse build() {
            return new ChatResponse(this);
        }
    }
}
