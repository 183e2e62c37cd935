package io.mlflowlite.prompt;

import io.mlflowlite.chat.ResponseFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to register as a prompt's next version: everything of a {@link PromptVersion} but its number and time,
 * which the store assigns. Immutable; build with {@link #builder(String, PromptTemplate)}.
 */
public record PromptDraft(
        String name,
        PromptTemplate template,
        String commitMessage,
        Map<String, String> tags,
        Map<String, Object> modelConfig,
        Optional<ResponseFormat> responseFormat) {
    public PromptDraft {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(template, "template");
        commitMessage = commitMessage == null ? "" : commitMessage;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        modelConfig = modelConfig == null ? Map.of() : Map.copyOf(modelConfig);
        responseFormat = responseFormat == null ? Optional.empty() : responseFormat;
    }

    /** Starts a draft of {@code template} under {@code name}. */
    public static Builder builder(String name, PromptTemplate template) {
        return new Builder(name, template);
    }

    /** The version this draft becomes as number {@code version}, registered at {@code created}. */
    public PromptVersion toVersion(int version, java.time.Instant created) {
        return new PromptVersion(
                name,
                version,
                template,
                commitMessage,
                new java.util.TreeMap<>(tags),
                new java.util.TreeMap<>(modelConfig),
                responseFormat,
                created);
    }

    /** Builds {@link PromptDraft}s. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final PromptTemplate template;
        private String commitMessage = "";
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<String, Object> modelConfig = new LinkedHashMap<>();
        private ResponseFormat responseFormat;

        private Builder(String name, PromptTemplate template) {
            this.name = name;
            this.template = template;
        }

        public Builder commitMessage(String value) {
            this.commitMessage = value;
            return this;
        }

        public Builder tag(String key, String value) {
            this.tags.put(key, value);
            return this;
        }

        public Builder tags(Map<String, String> values) {
            this.tags.putAll(values);
            return this;
        }
        /** A model setting: {@code model}, {@code temperature}, {@code max_tokens}, {@code top_p} or your own. */
        public Builder modelConfig(String key, Object value) {
            this.modelConfig.put(key, value);
            return this;
        }

        public Builder modelConfig(Map<String, Object> values) {
            this.modelConfig.putAll(values);
            return this;
        }

        public Builder responseFormat(ResponseFormat value) {
            this.responseFormat = value;
            return this;
        }

        public PromptDraft build() {
            return new PromptDraft(
                    name, template, commitMessage, tags, modelConfig, Optional.ofNullable(responseFormat));
        }
    }
}
