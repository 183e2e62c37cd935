package io.mlflowlite.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A named endpoint apps call instead of a model: MLflow's {@code endpoints:} entry ({@code name},
 * {@code endpoint_type}, {@code model}, {@code limit}) plus mlflowlite's extensions. Settings left null
 * inherit the gateway's defaults; a request's own values win over both. Immutable; {@link RoutingConfig}
 * validation reports missing or invalid fields with their path.
 *
 * @param name       what apps call ({@code chat}); letters, digits, {@code _}, {@code -} and {@code .}
 * @param type       what it serves
 * @param model      the model that serves it, with its own key and base URL if configured
 * @param limit      its rate limit, or null
 * @param fallbacks  tried in order when the model fails; empty inherits the gateway's default fallbacks
 * @param maxRetries retries per model, or null for the gateway's
 * @param timeout    per-attempt timeout, or null for the gateway's
 * @param deadline   overall deadline across retries and fallbacks, or null for the gateway's
 * @param defaults   parameters set on calls that leave them unset
 * @param prompt     a prompt registry binding ({@code prompts:/name@production}), or null; reserved, not yet applied
 */
public record Endpoint(
        String name,
        EndpointType type,
        ModelSpec model,
        Limit limit,
        List<Fallback> fallbacks,
        Integer maxRetries,
        Duration timeout,
        Duration deadline,
        EndpointDefaults defaults,
        String prompt) {

    public Endpoint {
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        defaults = defaults == null ? EndpointDefaults.NONE : defaults;
    }

    /** A chat endpoint served by {@code provider}'s {@code model}, with everything else inherited. */
    public static Endpoint chat(String name, String provider, String model) {
        return builder(name).model(provider, model).build();
    }

    /** Starts a chat endpoint called {@code name}; set at least its model. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The rate limit, if one is configured. */
    public Optional<Limit> limitIfPresent() {
        return Optional.ofNullable(limit);
    }

    /** Builds {@link Endpoint}s. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private EndpointType type = EndpointType.CHAT;
        private ModelSpec model;
        private Limit limit;
        private final List<Fallback> fallbacks = new ArrayList<>();
        private Integer maxRetries;
        private Duration timeout;
        private Duration deadline;
        private EndpointDefaults defaults = EndpointDefaults.NONE;
        private String prompt;

        private Builder(String name) {
            this.name = name;
        }

        private Builder(Endpoint e) {
            this(e.name);
            type = e.type;
            model = e.model;
            limit = e.limit;
            fallbacks.addAll(e.fallbacks);
            maxRetries = e.maxRetries;
            timeout = e.timeout;
            deadline = e.deadline;
            defaults = e.defaults;
            prompt = e.prompt;
        }

        public Builder type(EndpointType value) {
            this.type = value;
            return this;
        }

        public Builder model(ModelSpec value) {
            this.model = value;
            return this;
        }

        public Builder model(String provider, String modelName) {
            return model(ModelSpec.of(provider, modelName));
        }

        public Builder limit(Limit value) {
            this.limit = value;
            return this;
        }
        /** Adds a fallback: an endpoint name, a catalog name or {@code provider/model}. */
        public Builder fallback(String nameOrModel) {
            this.fallbacks.add(Fallback.named(nameOrModel));
            return this;
        }
        /** Adds a fallback model given inline, with its own key and base URL. */
        public Builder fallback(ModelSpec spec) {
            this.fallbacks.add(Fallback.model(spec));
            return this;
        }

        public Builder fallbacks(List<Fallback> values) {
            this.fallbacks.clear();
            this.fallbacks.addAll(values);
            return this;
        }

        public Builder maxRetries(Integer value) {
            this.maxRetries = value;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Builder deadline(Duration value) {
            this.deadline = value;
            return this;
        }

        public Builder defaults(EndpointDefaults value) {
            this.defaults = value;
            return this;
        }

        public Builder prompt(String value) {
            this.prompt = value;
            return this;
        }

        /** The endpoint; it is validated (with every problem reported) when a gateway applies its configuration. */
        public Endpoint build() {
            return new Endpoint(name, type, model, limit, fallbacks, maxRetries, timeout, deadline, defaults, prompt);
        }
    }
}
