package io.mlflowlite.limits;

import io.mlflowlite.error.AuthenticationException;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.error.PermissionDeniedException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.time.TimeSource;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether a key's call may run, from its allowed endpoints, rpm, tpm and budget, and records what the
 * call used. The library's {@link LimitsInterceptor} and the gateway server's admission both call it, so both
 * enforce the same way; replicas that share its {@link UsageCounter} share its limits. Thread-safe; share one.
 *
 * <h2>Windows and order of checks</h2>
 * rpm and tpm count in fixed UTC minutes, budgets in fixed UTC windows of their period ({@link Period}).
 * {@link #decide} checks, in order, and stops at the first refusal:
 * <ol>
 *   <li>the key is active, and allowed to call the endpoint (no counter is touched);</li>
 *   <li>the budget: a {@link Budget.Action#REJECT} budget reserves the call's worst-case cost (given by the caller)
 *       with one atomic add that happens only when it fits in what is left ({@link UsageCounter#reserveSpend}), and
 *       refuses when the window's spend was already at the budget or the reservation did not fit.
 *       {@link Admission#complete} replaces the reservation with the actual cost. Because every admitted call holds its worst case until it ends, concurrent calls
 *       cannot all pass against the same remainder: spend passes the budget only by what calls cost beyond their
 *       reservations (see {@link Budget}). An {@link Budget.Action#ALERT} budget reserves nothing and only
 *       reads the spend;</li>
 *   <li>rpm: counts the request, refuses when the count passes the limit (giving a budget reservation back). A
 *       refused request still counts, as at OpenAI, so hammering a limit does not help. Because the count is one atomic increment, N concurrent calls
 *       against a limit L admit exactly min(N, L) across every replica;</li>
 *   <li>tpm: reserves the estimated tokens (prompt + max_tokens), refuses and returns the reservation when the
 *       minute's tokens would pass the limit (and a budget reservation with it). {@link Admission#complete}
 *       replaces the estimate with the actual count.</li>
 * </ol>
 * A key with no limits and no budget never touches the counter.
 *
 * <h2>Blocking</h2>
 * {@link #decide} makes up to three counter round trips on the caller's thread (budget, rpm, tpm), and one more to
 * give a budget reservation back when rpm or tpm refuse the call (or to read the spend when a reservation did not
 * fit a database counter): nothing on the in-memory counter, one Redis or database
 * round trip each otherwise. Recording after the call and webhooks run in the background for remote counters
 * (inline for the in-memory one, which never blocks).
 */
public final class Limiter implements AutoCloseable {
    /** The {@code provider} of the limiter's own 429s, so they are told apart from a provider's. */
    public static final String PROVIDER = "mlflowlite";

    private final UsageCounter counter;
    private final TimeSource time;
    private final FailurePolicy failurePolicy;
    private final Background background;
    private final BudgetAlerts alerts;
    private final HttpClient ownedHttpClient;
    private final AtomicLong counterFailures = new AtomicLong();

    private Limiter(Builder b) {
        this.counter = b.counter;
        this.time = b.time;
        this.failurePolicy = b.failurePolicy;
        this.background = new Background(e -> {
            if (e instanceof LimitStoreException) {
                counterFailures.incrementAndGet();
            }
        });
        this.ownedHttpClient = b.httpClient == null
                ? HttpClient.newBuilder()
                        .connectTimeout(b.webhookTimeout)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()
                : null;
        this.alerts = new BudgetAlerts(
                counter, b.httpClient != null ? b.httpClient : ownedHttpClient, b.webhookTimeout, background);
    }

    /** A limiter over {@code counter} with the defaults: system clock, {@link FailurePolicy#FAIL_OPEN}. */
    public static Limiter of(UsageCounter counter) {
        return builder(counter).build();
    }

    public static Builder builder(UsageCounter counter) {
        return new Builder(counter);
    }

    /**
     * {@link #decide(VirtualKey, String, long, BigDecimal)} with no cost reserved: a budget then only refuses once
     * the window's spend reached it, so calls running at that moment can overshoot it.
     */
    public LimitDecision decide(VirtualKey key, String endpoint, long estimatedTokens) {
        return decide(key, endpoint, estimatedTokens, BigDecimal.ZERO);
    }

    /**
     * Decides whether {@code key} may call {@code endpoint} now, counting the request and reserving
     * {@code estimatedTokens} and {@code worstCaseUsd} when it may. Never throws for a refusal: the decision
     * carries it, with the headers.
     *
     * @param estimatedTokens prompt tokens plus max_tokens, as well as the caller can tell; only read when the key
     *                        has a tpm limit
     * @param worstCaseUsd    the most the call can cost ({@link io.mlflowlite.gateway.Gateway#worstCaseCost});
     *                        only read when the key has a {@link Budget.Action#REJECT} budget
     */
    public LimitDecision decide(VirtualKey key, String endpoint, long estimatedTokens, BigDecimal worstCaseUsd) {
        Objects.requireNonNull(key, "key");
        if (!key.active()) {
            return LimitDecision.refused(
                    new AuthenticationException("The API key '" + key.name() + "' was revoked"), RateLimitHeaders.NONE);
        }
        if (!key.allows(endpoint)) {
            return LimitDecision.refused(
                    new PermissionDeniedException("key '" + key.name() + "' may not use endpoint '" + endpoint
                            + "'; allowed: " + String.join(", ", key.allowedEndpoints())),
                    RateLimitHeaders.NONE);
        }
        if (key.rpm().isEmpty() && key.tpm().isEmpty() && key.budget().isEmpty()) {
            return LimitDecision.admitted(
                    new Admission(this, key, endpoint, RateLimitHeaders.NONE, 0, null, Reservation.NONE));
        }
        Instant now = time.now();
        Window minute = Period.MINUTE.windowAt(now);
        BigDecimal worstCase = worstCaseUsd == null || worstCaseUsd.signum() < 0 ? BigDecimal.ZERO : worstCaseUsd;
        try {
            return count(key, endpoint, Math.max(0, estimatedTokens), worstCase, now, minute);
        } catch (LimitStoreException e) {
            counterFailures.incrementAndGet();
            if (failurePolicy == FailurePolicy.FAIL_CLOSED) {
                return LimitDecision.refused(
                        new LimitStoreException(
                                "The limits of key '" + key.name()
                                        + "' cannot be checked, so the call is refused (fail closed): "
                                        + e.getMessage(),
                                e),
                        RateLimitHeaders.NONE);
            }
            return LimitDecision.admitted(
                    new Admission(this, key, endpoint, RateLimitHeaders.NONE, 0, minute, Reservation.NONE));
        }
    }

    /** {@link #admit(VirtualKey, String, long, BigDecimal)} with no cost reserved. */
    public Admission admit(VirtualKey key, String endpoint, long estimatedTokens) {
        return admit(key, endpoint, estimatedTokens, BigDecimal.ZERO);
    }

    /** {@link #decide}, throwing the refusal; returns the admission to complete when the call ends. */
    public Admission admit(VirtualKey key, String endpoint, long estimatedTokens, BigDecimal worstCaseUsd) {
        return decide(key, endpoint, estimatedTokens, worstCaseUsd).orThrow();
    }

    /**
     * Counts a call against an endpoint-wide limit of {@code calls} per {@code period} (MLflow's endpoint
     * {@code limit: {calls, renewal_period}}), shared by every caller of the endpoint. Refusals are 429s with
     * retry-after; the admission has nothing to complete. Follows the {@link FailurePolicy} like {@link #decide}.
     */
    public LimitDecision decideEndpoint(String endpoint, long calls, Period period) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (calls <= 0) {
            throw new IllegalArgumentException("An endpoint limit allows at least 1 call, was " + calls);
        }
        Instant now = time.now();
        Window window = period.windowAt(now);
        long used;
        try {
            used = counter.add("endpoint:" + endpoint, Meter.REQUESTS, window, 1);
        } catch (LimitStoreException e) {
            counterFailures.incrementAndGet();
            if (failurePolicy == FailurePolicy.FAIL_CLOSED) {
                return LimitDecision.refused(
                        new LimitStoreException(
                                "The limit of endpoint '" + endpoint
                                        + "' cannot be checked, so the call is refused (fail closed): "
                                        + e.getMessage(),
                                e),
                        RateLimitHeaders.NONE);
            }
            return LimitDecision.admitted(
                    new Admission(this, null, endpoint, RateLimitHeaders.NONE, 0, null, Reservation.NONE));
        }
        Duration reset = window.remainingAt(now);
        RateLimitHeaders headers = new RateLimitHeaders(
                Optional.of(new RateLimitHeaders.Quota(calls, Math.max(0, calls - used), reset)), Optional.empty());
        if (used > calls) {
            return LimitDecision.refused(
                    rateLimited(
                            "requests",
                            "rate_limit_exceeded",
                            "Rate limit reached for "
                                    + "endpoint '" + endpoint + "': " + calls + " calls per " + period.key()
                                    + ". Try again in "
                                    + RateLimitHeaders.formatReset(reset) + ".",
                            reset),
                    headers);
        }
        return LimitDecision.admitted(new Admission(this, null, endpoint, headers, 0, null, Reservation.NONE));
    }

    /** The key's counters in the current windows (for admin tools). Blocks on the counter. */
    public KeyUsage usage(VirtualKey key) {
        Instant now = time.now();
        Window minute = Period.MINUTE.windowAt(now);
        long requests = key.rpm().isPresent() ? counter.get(key.id(), Meter.REQUESTS, minute) : 0;
        long tokens = key.tpm().isPresent() ? counter.get(key.id(), Meter.TOKENS, minute) : 0;
        Optional<Window> budgetWindow = key.budget().map(b -> b.window().windowAt(now));
        BigDecimal spend = budgetWindow.map(w -> counter.spend(key.id(), w)).orElse(BigDecimal.ZERO);
        return new KeyUsage(requests, tokens, minute, spend, budgetWindow);
    }

    /** Failures and webhooks so far. */
    public LimiterStats stats() {
        return new LimiterStats(counterFailures.get(), alerts.sent.get(), alerts.failed.get());
    }

    /**
     * Waits until the background work started so far (recording usage, webhooks) is done, at most
     * {@code timeout}; returns whether it is. For tests and graceful shutdown.
     */
    public boolean awaitIdle(Duration timeout) {
        return background.awaitIdle(timeout);
    }

    /** The counter limits are kept in. */
    public UsageCounter counter() {
        return counter;
    }

    /**
     * Finishes background work (up to 5 s) and releases the webhook client it created; does not close the counter,
     * which the caller opened.
     */
    @Override
    public void close() {
        background.close();
        if (ownedHttpClient != null) {
            ownedHttpClient.close();
        }
    }

    private LimitDecision count(
            VirtualKey key, String endpoint, long estimate, BigDecimal worstCase, Instant now, Window minute) {
        Duration reset = minute.remainingAt(now);
        Reservation spend = Reservation.NONE;
        if (key.budget().isPresent()) {
            Budget budget = key.budget().get();
            Window window = budget.window().windowAt(now);
            boolean reserving = budget.onExceed() == Budget.Action.REJECT && worstCase.signum() > 0;
            if (reserving && counter.reserveSpend(key.id(), window, worstCase, budget.usd())) {
                spend = new Reservation(key.id(), window, worstCase);
            } else {
                BigDecimal spent = counter.spend(key.id(), window).stripTrailingZeros(); // or held by calls in flight
                if (spent.compareTo(budget.usd()) >= 0) {
                    alerts.reached(key, budget, window, spent, now);
                    if (budget.onExceed() == Budget.Action.REJECT) {
                        return LimitDecision.refused(
                                rateLimited(
                                        "insufficient_quota",
                                        "budget_exceeded",
                                        "Budget exceeded for key '" + key.name() + "': $" + spent.toPlainString()
                                                + " spent of $"
                                                + budget.usd().toPlainString() + " per "
                                                + budget.window().key()
                                                + ". Calls resume at " + window.end() + ".",
                                        window.remainingAt(now)),
                                RateLimitHeaders.NONE);
                    }
                } else if (reserving) {
                    return LimitDecision.refused(
                            rateLimited(
                                    "insufficient_quota",
                                    "budget_exceeded",
                                    "Budget too low for this request on key '" + key.name()
                                            + "': it may cost up to $"
                                            + worstCase.stripTrailingZeros().toPlainString()
                                            + " (its prompt, and max_tokens of output, at the prices of the models "
                                            + "that may serve it), and $"
                                            + budget.usd()
                                                    .subtract(spent)
                                                    .stripTrailingZeros()
                                                    .toPlainString()
                                            + " of the $" + budget.usd().toPlainString() + " per "
                                            + budget.window().key() + " budget is left (the rest is spent or held "
                                            + "by calls in flight). Lower max_tokens, retry later (the budget "
                                            + "renews at " + window.end() + "), or ask the gateway's admin for a "
                                            + "key with a larger budget.",
                                    window.remainingAt(now)),
                            RateLimitHeaders.NONE);
                }
            }
        }
        Optional<RateLimitHeaders.Quota> requests = Optional.empty();
        if (key.rpm().isPresent()) {
            long rpm = key.rpm().getAsLong();
            long used = counter.add(key.id(), Meter.REQUESTS, minute, 1);
            requests = Optional.of(new RateLimitHeaders.Quota(rpm, Math.max(0, rpm - used), reset));
            if (used > rpm) {
                giveBack(spend);
                return LimitDecision.refused(
                        rateLimited(
                                "requests",
                                "rate_limit_exceeded",
                                "Rate limit reached for key '"
                                        + key.name() + "': " + rpm + " requests per minute. Try again in "
                                        + RateLimitHeaders.formatReset(reset) + ".",
                                reset),
                        new RateLimitHeaders(requests, tokenQuota(key, minute, reset)));
            }
        }
        if (key.tpm().isEmpty()) {
            return LimitDecision.admitted(new Admission(
                    this, key, endpoint, new RateLimitHeaders(requests, Optional.empty()), 0, minute, spend));
        }
        long tpm = key.tpm().getAsLong();
        if (estimate > tpm) {
            giveBack(spend);
            return LimitDecision.refused(
                    new InvalidRequestException(
                            "This request needs about " + estimate
                                    + " tokens (prompt and max_tokens) but key '" + key.name() + "' allows " + tpm
                                    + " tokens per minute, so it can never be admitted. Fix: lower max_tokens or shorten the prompt",
                            "max_tokens"),
                    new RateLimitHeaders(requests, tokenQuota(key, minute, reset)));
        }
        long used = counter.add(key.id(), Meter.TOKENS, minute, estimate);
        if (used > tpm) {
            long before = counter.add(key.id(), Meter.TOKENS, minute, -estimate);
            giveBack(spend);
            RateLimitHeaders headers = new RateLimitHeaders(
                    requests, Optional.of(new RateLimitHeaders.Quota(tpm, Math.max(0, tpm - before), reset)));
            return LimitDecision.refused(
                    rateLimited(
                            "tokens",
                            "rate_limit_exceeded",
                            "Rate limit reached for key '"
                                    + key.name() + "': " + tpm + " tokens per minute; this request needs about "
                                    + estimate + ", "
                                    + Math.max(0, tpm - before) + " are left. Try again in "
                                    + RateLimitHeaders.formatReset(reset)
                                    + ".",
                            reset),
                    headers);
        }
        RateLimitHeaders headers = new RateLimitHeaders(
                requests, Optional.of(new RateLimitHeaders.Quota(tpm, Math.max(0, tpm - used), reset)));
        return LimitDecision.admitted(new Admission(this, key, endpoint, headers, estimate, minute, spend));
    }

    private Optional<RateLimitHeaders.Quota> tokenQuota(VirtualKey key, Window minute, Duration reset) {
        if (key.tpm().isEmpty()) {
            return Optional.empty();
        }
        long tpm = key.tpm().getAsLong();
        return Optional.of(new RateLimitHeaders.Quota(
                tpm, Math.max(0, tpm - counter.get(key.id(), Meter.TOKENS, minute)), reset));
    }

    /** Called once by {@link Admission#complete}. */
    void settle(Admission admission, long actualTokens, BigDecimal costUsd) {
        VirtualKey key = admission.keyOrNull();
        boolean tokens =
                key.tpm().isPresent() && actualTokens != admission.reservedTokens() && admission.tokenWindow() != null;
        Reservation reserved = admission.reservedSpend();
        boolean spend = key.budget().isPresent() && costUsd.compareTo(reserved.usd()) != 0;
        if (!tokens && !spend) {
            return;
        }
        Runnable work = () -> {
            if (tokens) {
                counter.add(key.id(), Meter.TOKENS, admission.tokenWindow(), actualTokens - admission.reservedTokens());
            }
            if (spend) {
                Budget budget = key.budget().get();
                Instant now = time.now();
                // a reservation is replaced in its own window; unreserved spend counts where the call ended
                Window window = reserved.window() != null
                        ? reserved.window()
                        : budget.window().windowAt(now);
                BigDecimal total = counter.addSpend(key.id(), window, costUsd.subtract(reserved.usd()));
                if (total.compareTo(budget.usd()) >= 0) {
                    alerts.reached(key, budget, window, total, now);
                }
            }
        };
        if (counter.local()) {
            try {
                work.run();
            } catch (LimitStoreException e) {
                counterFailures.incrementAndGet();
            }
        } else {
            background.run(work);
        }
    }

    /**
     * A call's worst-case cost held against its key's budget window until the call ends; {@link #NONE} when
     * nothing is held.
     */
    record Reservation(String subject, Window window, BigDecimal usd) {
        static final Reservation NONE = new Reservation(null, null, BigDecimal.ZERO);
    }

    /** Gives the reservation of a call rpm or tpm refused back, on the caller's thread (the refusal follows). */
    private void giveBack(Reservation reservation) {
        if (reservation.usd().signum() > 0) {
            counter.addSpend(
                    reservation.subject(),
                    reservation.window(),
                    reservation.usd().negate());
        }
    }

    private static MlflowliteException rateLimited(String type, String code, String message, Duration retryAfter) {
        return new RateLimitedException(PROVIDER, type, code, message, retryAfter);
    }

    /** Configures a {@link Limiter}. Not thread-safe. */
    public static final class Builder {
        private final UsageCounter counter;
        private TimeSource time = TimeSource.SYSTEM;
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_OPEN;
        private HttpClient httpClient;
        private Duration webhookTimeout = Duration.ofSeconds(10);

        private Builder(UsageCounter counter) {
            this.counter = Objects.requireNonNull(counter, "counter");
        }

        /** The clock windows are computed from ({@link TimeSource#now()}); tests pass a fake one. */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time);
            return this;
        }

        /** What to do when the counter fails; default {@link FailurePolicy#FAIL_OPEN}. */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy);
            return this;
        }

        /** The client budget webhooks are posted with; default a new one. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /** How long a webhook may take to connect and answer; default 10 s. */
        public Builder webhookTimeout(Duration timeout) {
            if (!timeout.isPositive()) {
                throw new IllegalArgumentException("webhookTimeout must be positive, was " + timeout);
            }
            this.webhookTimeout = timeout;
            return this;
        }

        public Limiter build() {
            return new Limiter(this);
        }
    }
}
