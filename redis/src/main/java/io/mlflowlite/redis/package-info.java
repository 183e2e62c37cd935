/**
 * Rate-limit and budget counters in Redis, shared by every gateway replica: {@link
 * io.mlflowlite.redis.RedisUsageCounter}, opened by {@code redis://host:port} URLs through {@link
 * io.mlflowlite.limits.LimitStores#openCounter}. Every other class here is package-private.
 */
package io.mlflowlite.redis;
