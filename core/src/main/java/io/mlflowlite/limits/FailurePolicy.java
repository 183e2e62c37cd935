package io.mlflowlite.limits;

/**
 * What the {@link Limiter} does when its {@link UsageCounter} fails (Redis or the database unreachable, a
 * timeout): the choice between availability and enforcement.
 */
public enum FailurePolicy {
    /**
     * Admit the call without counting it, and count the failure ({@link Limiter#stats()}). The default: an outage
     * of the limiter's store should not take the gateway's traffic down with it. While the counter is down, rate
     * limits and budgets are <em>not enforced</em>: a key can exceed its rpm, tpm and budget, and its usage in that
     * time is not recorded.
     */
    FAIL_OPEN,
    /**
     * Refuse the call with a {@link LimitStoreException} (a retryable 503 for the server): no call is ever served
     * unaccounted, at the price of serving nothing that has limits while the counter is down. Keys without limits
     * or budget never touch the counter and keep working.
     */
    FAIL_CLOSED
}
