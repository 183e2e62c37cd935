package io.mlflowlite.routing;

/**
 * What an endpoint falls back to when its model fails: another endpoint or any model name the gateway
 * resolves ({@code gpt-4o}, {@code anthropic/claude-sonnet-4-5}), or a model spec written inline.
 */
public sealed interface Fallback {
    /** A name: an endpoint of the same configuration, a catalog name or {@code provider/model}. */
    record Named(String name) implements Fallback {
        @Override
        public String label() {
            return name;
        }
    }

    /** A model given inline, with its own key and base URL. */
    record Model(ModelSpec model) implements Fallback {
        @Override
        public String label() {
            return model == null ? "null" : model.key();
        }
    }

    /** How errors and traces name this fallback. */
    String label();

    /** A fallback to an endpoint, a catalog name or {@code provider/model}. */
    static Fallback named(String name) {
        return new Named(name);
    }

    /** A fallback to a model given inline. */
    static Fallback model(ModelSpec model) {
        return new Model(model);
    }
}
