package io.mlflowlite.redis;

import io.mlflowlite.limits.UsageCounter;
import io.mlflowlite.limits.UsageCounterProvider;

/**
 * Opens {@link RedisUsageCounter}s for {@code redis://…} and {@code rediss://…} URLs. Registered for
 * {@link java.util.ServiceLoader}, so {@link io.mlflowlite.limits.LimitStores#openCounter} finds it when this
 * module is on the classpath. Stateless and thread-safe.
 */
public final class RedisUsageCounterProvider implements UsageCounterProvider {
    /** For {@link java.util.ServiceLoader}. */
    public RedisUsageCounterProvider() {}

    @Override
    public boolean supports(String url) {
        return RedisUrl.supports(url);
    }

    @Override
    public UsageCounter openCounter(String url) {
        return RedisUsageCounter.open(url);
    }
}
