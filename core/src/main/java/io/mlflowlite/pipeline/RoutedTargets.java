package io.mlflowlite.pipeline;

import io.mlflowlite.provider.Deployment;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a call goes, decided before the retries ran (by the endpoint router, from the gateway's routing
 * configuration): the targets to try in order. Put under {@link #KEY} in the {@link CallContext};
 * {@link RetryAndFallback} then tries these instead of resolving {@code request.model()} and
 * {@code request.fallbackModels()} — but only while the request's model is still {@link #model()}, so an
 * interceptor that re-targets the request gets today's name resolution. Immutable.
 *
 * @param model   the model name (endpoint or route) the targets were decided for
 * @param targets what to try, first to last; never empty
 */
public record RoutedTargets(String model, List<Target> targets) {
    /** The {@link CallContext} attribute holding the targets of a routed call. */
    public static final String KEY = "mlflowlite.targets";

    public RoutedTargets {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("A routed call needs at least one target");
        }
    }

    /**
     * One target. Its deployment is obtained when the retries reach it, so a name that cannot be resolved
     * (a missing key, an unknown model) is skipped like an unresolvable fallback instead of failing the call
     * before its first attempt.
     *
     * @param name       the label attempts and traces show ({@code mock/echo}, {@code gpt-4o})
     * @param deployment supplies the deployment; may throw an {@link io.mlflowlite.error.MlflowliteException}
     */
    public record Target(String name, Supplier<Deployment> deployment) {
        /** A target already resolved. */
        public static Target of(Deployment deployment) {
            return new Target(deployment.name(), () -> deployment);
        }
    }
}
