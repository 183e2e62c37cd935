package io.mlflowlite.routing;

import io.mlflowlite.chat.ChatRequest;
import java.util.List;

/**
 * Parameters an endpoint sets on calls that leave them unset (the file's {@code defaults:} block), so the
 * configuration can tune a model without touching the apps. A value the request sets always wins.
 * Immutable; null means "no default".
 */
public record EndpointDefaults(
        Double temperature,
        Double topP,
        Integer maxTokens,
        List<String> stop,
        Long seed,
        Double presencePenalty,
        Double frequencyPenalty,
        String reasoningEffort) {

    /** No defaults. */
    public static final EndpointDefaults NONE =
            new EndpointDefaults(null, null, null, List.of(), null, null, null, null);

    public EndpointDefaults {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** Starts a set of defaults; every parameter unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether no default is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** {@code request} with each default filled in where the request left the parameter unset. */
    public ChatRequest apply(ChatRequest request) {
        if (isEmpty()) {
            return request;
        }
        ChatRequest.Builder b = request.toBuilder();
        if (request.temperature() == null && temperature != null) {
            b.temperature(temperature);
        }
        if (request.topP() == null && topP != null) {
            b.topP(topP);
        }
        if (request.maxTokens() == null && maxTokens != null) {
            b.maxTokens(maxTokens);
        }
        if (request.stop().isEmpty() && !stop.isEmpty()) {
            b.stop(stop);
        }
        if (request.seed() == null && seed != null) {
            b.seed(seed);
        }
        if (request.presencePenalty() == null && presencePenalty != null) {
            b.presencePenalty(presencePenalty);
        }
        if (request.frequencyPenalty() == null && frequencyPenalty != null) {
            b.frequencyPenalty(frequencyPenalty);
        }
        if (request.reasoningEffort() == null && reasoningEffort != null) {
            b.reasoningEffort(reasoningEffort);
        }
        return b.build();
    }

    /** Builds {@link EndpointDefaults}. Not thread-safe. */
    public static final class Builder {
        private Double temperature;
        private Double topP;
        private Integer maxTokens;
        private List<String> stop = List.of();
        private Long seed;
        private Double presencePenalty;
        private Double frequencyPenalty;
        private String reasoningEffort;

        private Builder() {}

        public Builder temperature(Double value) {
            this.temperature = value;
            return this;
        }

        public Builder topP(Double value) {
            this.topP = value;
            return this;
        }

        public Builder maxTokens(Integer value) {
            this.maxTokens = value;
            return this;
        }

        public Builder stop(List<String> value) {
            this.stop = value;
            return this;
        }

        public Builder seed(Long value) {
            this.seed = value;
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

        public Builder reasoningEffort(String value) {
            this.reasoningEffort = value;
            return this;
        }

        /** The defaults; ranges are checked when a gateway applies the configuration. */
        public EndpointDefaults build() {
            return new EndpointDefaults(
                    temperature, topP, maxTokens, stop, seed, presencePenalty, frequencyPenalty, reasoningEffort);
        }
    }
}
