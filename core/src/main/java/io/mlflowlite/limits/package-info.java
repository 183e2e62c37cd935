/**
 * Virtual API keys, rate limits and budgets, the same for the library and the gateway server.
 *
 * <ul>
 *   <li>{@link io.mlflowlite.limits.KeyService} creates keys (the secret is returned once, only its SHA-256 is
 *       stored), authenticates presented keys, revokes and lists them, over a {@link io.mlflowlite.limits.KeyStore}.</li>
 *   <li>{@link io.mlflowlite.limits.Limiter} decides whether a key's call may run (allowed endpoints, rpm, tpm,
 *       budget) and records what it used, in a {@link io.mlflowlite.limits.UsageCounter}; its
 *       {@link io.mlflowlite.limits.RateLimitHeaders} are OpenAI's {@code x-ratelimit-*} headers.</li>
 *   <li>{@link io.mlflowlite.limits.LimitsInterceptor} runs both in the pipeline.</li>
 *   <li>{@link io.mlflowlite.limits.LimitStores} opens stores and counters by URL: in memory here, SQLite and
 *       PostgreSQL with the store module, Redis with the redis module.</li>
 * </ul>
 *
 * <p>Everything here is thread-safe. See {@code docs/keys-and-limits.md}.
 */
package io.mlflowlite.limits;
